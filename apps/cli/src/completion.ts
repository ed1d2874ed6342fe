/**
 * `ocsfx completion bash|zsh|fish`: a completion script made from the program's own commands and options,
 * including the options and ids of the plugins installed when it is generated (regenerate it after
 * installing a plugin). zsh uses the bash function through bashcompinit.
 */
import type { Command } from 'commander';

interface OptionSpec {
  long?: string;
  short?: string;
  takesValue: boolean;
  choices?: readonly string[];
  description: string;
}

interface CommandSpec {
  name: string;
  description: string;
  options: OptionSpec[];
}

export interface CompletionSpec {
  commands: CommandSpec[];
  globalOptions: OptionSpec[];
  pluginIds: string[];
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** Options whose value is a plugin id (`--source a,b`). */
const PLUGIN_ID_OPTIONS = new Set(['--source']);

function optionsOf(cmd: Command): OptionSpec[] {
  const out: OptionSpec[] = cmd.options.map((o) => ({
    long: o.long,
    short: o.short,
    takesValue: o.required || o.optional,
    choices: o.argChoices,
    description: o.description,
  }));
  out.push({ long: '--help', short: '-h', takesValue: false, description: 'display help' });
  return out;
}

export function completionSpec(program: Command, pluginIds: readonly string[]): CompletionSpec {
  return {
    commands: program.commands.map((c) => ({ name: c.name(), description: c.description(), options: optionsOf(c) })),
    globalOptions: optionsOf(program),
    pluginIds: [...pluginIds],
  };
}

const words = (list: readonly (string | undefined)[]) => list.filter(Boolean).join(' ');
const flagsOf = (o: OptionSpec) => [o.long, o.short];

function bashScript(spec: CompletionSpec): string {
  const perCommand = spec.commands
    .map((c) => {
      const valueCases = c.options
        .filter((o) => o.takesValue)
        .map((o) => {
          const pattern = flagsOf(o).filter(Boolean).join('|');
          const values = o.long && PLUGIN_ID_OPTIONS.has(o.long) ? spec.pluginIds : o.choices;
          const reply = values
            ? `COMPREPLY=($(compgen -W '${words(values)}' -- "$cur"))`
            : `COMPREPLY=($(compgen -f -- "$cur"))`;
          return `          ${pattern}) ${reply}; return ;;`;
        })
        .join('\n');
      return `      ${c.name})
        case "$prev" in
${valueCases}
        esac
        opts='${words(c.options.flatMap(flagsOf))}' ;;`;
    })
    .join('\n');
  return `# ocsfx completion for bash. Load it with: source <(ocsfx completion bash)
# (or save it as ~/.local/share/bash-completion/completions/ocsfx). Regenerate after installing a plugin.
_ocsfx() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" cmd="" opts="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      -*) ;;
      *) cmd="\${COMP_WORDS[i]}"; break ;;
    esac
  done
  case "$cmd" in
    "")
      COMPREPLY=($(compgen -W '${words([...spec.commands.map((c) => c.name), ...spec.globalOptions.flatMap(flagsOf)])}' -- "$cur"))
      return ;;
${perCommand}
      *) return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -o bashdefault -F _ocsfx ocsfx
`;
}

function zshScript(spec: CompletionSpec): string {
  return `# ocsfx completion for zsh. Load it with: source <(ocsfx completion zsh)
# (uses the bash completion function through bashcompinit). Regenerate after installing a plugin.
autoload -U +X bashcompinit && bashcompinit
${bashScript(spec).split('\n').slice(2).join('\n')}`;
}

const fishQuote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function fishScript(spec: CompletionSpec): string {
  const lines = [
    '# ocsfx completion for fish. Load it with: ocsfx completion fish | source',
    '# (or save it as ~/.config/fish/completions/ocsfx.fish). Regenerate after installing a plugin.',
    'complete -c ocsfx -f',
  ];
  const names = spec.commands.map((c) => c.name).join(' ');
  for (const c of spec.commands) {
    lines.push(`complete -c ocsfx -n '__fish_use_subcommand' -a ${c.name} -d ${fishQuote(c.description)}`);
  }
  for (const o of spec.globalOptions) lines.push(fishOption(`__fish_use_subcommand`, o, spec));
  for (const c of spec.commands) {
    const when = `__fish_seen_subcommand_from ${c.name}`;
    // Inputs are files.
    if (c.name !== 'plugins' && c.name !== 'completion') lines.push(`complete -c ocsfx -n '${when}' -F`);
    for (const o of c.options) lines.push(fishOption(when, o, spec));
  }
  lines.push(`# commands: ${names}`);
  return `${lines.join('\n')}\n`;
}

function fishOption(when: string, o: OptionSpec, spec: CompletionSpec): string {
  const parts = [`complete -c ocsfx -n '${when}'`];
  if (o.long) parts.push(`-l ${o.long.slice(2)}`);
  if (o.short) parts.push(`-s ${o.short.slice(1)}`);
  if (o.takesValue) {
    const values = o.long && PLUGIN_ID_OPTIONS.has(o.long) ? spec.pluginIds : o.choices;
    parts.push(values ? `-x -a ${fishQuote(values.join(' '))}` : '-r -F');
  }
  parts.push(`-d ${fishQuote(o.description.split('\n')[0]!.slice(0, 80))}`);
  return parts.join(' ');
}

export function completionScript(shell: Shell, spec: CompletionSpec): string {
  if (shell === 'bash') return bashScript(spec);
  if (shell === 'zsh') return zshScript(spec);
  return fishScript(spec);
}
