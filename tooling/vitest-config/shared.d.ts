export declare const sharedDir: string;
export declare const hasShared: boolean;
export declare function shared(...parts: string[]): string;
export declare const repoDir: string;
