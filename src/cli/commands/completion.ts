/**
 * `mcp completion bash|zsh|fish`: shell completion generated from the command tree.
 * @module
 */
import type { Command } from 'commander';

import { UsageError } from '../../errors.js';
import { action } from '../context.js';

interface Node {
  path: string;
  subcommands: string[];
  options: string[];
}

function walk(cmd: Command, prefix: string[] = []): Node[] {
  const node: Node = {
    path: prefix.join(' '),
    subcommands: cmd.commands.map((c) => c.name()),
    options: [...cmd.options.flatMap((o) => [o.long, o.short].filter((f): f is string => !!f)), '--help'],
  };
  return [node, ...cmd.commands.flatMap((c) => walk(c, [...prefix, c.name()]))];
}

/** The bash completion script for a program (zsh uses it through bashcompinit). */
export function bashScript(program: Command): string {
  const nodes = walk(program);
  const globals = nodes[0]!.options.join(' ');
  const cases = nodes
    .map(
      (n) =>
        `      "${n.path}") words="${n.subcommands.join(' ')}"; opts="${n.options.join(' ')} ${globals}"; break;;`,
    )
    .join('\n');
  return `# mcp bash completion: eval "$(mcp completion bash)"
_mcp_completion() {
  local cur=\${COMP_WORDS[COMP_CWORD]} path="" i w words="" opts=""
  for ((i=1; i<COMP_CWORD; i++)); do
    w=\${COMP_WORDS[i]}
    [[ $w == -* ]] && continue
    path="\${path:+$path }$w"
  done
  while true; do
    case "$path" in
${cases}
      *) if [[ $path == *" "* ]]; then path="\${path% *}"; else path=""; fi;;
    esac
  done
  if [[ $cur == -* ]]; then
    COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
  else
    COMPREPLY=( $(compgen -W "$words" -- "$cur") )
  fi
}
complete -F _mcp_completion mcp
`;
}

/** The fish completion script. */
export function fishScript(program: Command): string {
  const lines = ['# mcp fish completion: mcp completion fish | source', 'complete -c mcp -f'];
  for (const c of program.commands) {
    lines.push(`complete -c mcp -n '__fish_use_subcommand' -a '${c.name()}' -d '${esc(c.description())}'`);
    for (const s of c.commands) {
      lines.push(
        `complete -c mcp -n '__fish_seen_subcommand_from ${c.name()}; and not __fish_seen_subcommand_from ${c.commands.map((x) => x.name()).join(' ')}' -a '${s.name()}' -d '${esc(s.description())}'`,
      );
    }
  }
  for (const o of program.options)
    if (o.long) lines.push(`complete -c mcp -l ${o.long.slice(2)} -d '${esc(o.description)}'`);
  return lines.join('\n') + '\n';
}

const esc = (s: string): string => s.replace(/'/g, "\\'");

/** Registers `mcp completion`. */
export function registerCompletion(program: Command): void {
  program
    .command('completion <shell>')
    .description('print a shell completion script: bash, zsh or fish')
    .addHelpText(
      'after',
      '\nInstall:\n  bash: echo \'eval "$(mcp completion bash)"\' >> ~/.bashrc\n  zsh:  echo \'eval "$(mcp completion zsh)"\' >> ~/.zshrc\n  fish: mcp completion fish > ~/.config/fish/completions/mcp.fish',
    )
    .action(
      action(async (_ctx, shell: string) => {
        if (shell === 'bash') process.stdout.write(bashScript(program));
        else if (shell === 'zsh')
          process.stdout.write(`autoload -U +X bashcompinit && bashcompinit\n${bashScript(program)}`);
        else if (shell === 'fish') process.stdout.write(fishScript(program));
        else throw new UsageError(`unknown shell "${shell}"`, 'use bash, zsh or fish');
      }),
    );
}
