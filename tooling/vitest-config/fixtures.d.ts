export declare function walk(dir: string): string[];
export declare function rawEvents(path: string): unknown[] | undefined;
export interface FixtureFile {
  readonly path: string;
  readonly events: unknown[];
}
export declare function cloudTrailFixtures(): readonly FixtureFile[];
