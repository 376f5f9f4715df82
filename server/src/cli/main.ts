import { parseArguments, UsageError, type Command } from './arguments';
import { formatRuleList, USAGE } from './help';
import { EXIT_OK, EXIT_USAGE, runLint, type Io } from './lint-command';
import { readAllStdin } from './stdin-input';
import { GRACEFUL_VERSION } from './version';

/** Runs one command; returns the exit status, or undefined when a long-running server took over. */
async function run(command: Command, io: Io): Promise<number | undefined> {
  switch (command.name) {
    case 'help':
      io.stdout(USAGE);
      return EXIT_OK;
    case 'version':
      io.stdout(`${GRACEFUL_VERSION}\n`);
      return EXIT_OK;
    case 'rules':
      io.stdout(formatRuleList());
      return EXIT_OK;
    case 'lint':
      return runLint(command.options, io);
    case 'lsp':
      // vscode-languageserver picks the transport from process.argv; without one it would throw.
      if (!command.args.some((a) => /^--(?:stdio|node-ipc|socket=\d+|pipe=.+)$/.test(a)))
        throw new UsageError('lsp needs a transport: --stdio, --node-ipc, --socket=PORT or --pipe=NAME');
      // The server module starts it. Loaded only here, and bundled apart (dist/server.js): its code would
      // add to every `graceful lint`'s start-up.
      await import('../lsp/main');
      return undefined;
  }
}

async function main(): Promise<void> {
  // `graceful lint | head` closes the pipe early: that is not an error worth a stack.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const io: Io = {
    cwd: process.cwd(),
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    color: process.stdout.isTTY === true && !process.env.NO_COLOR,
    readStdin: readAllStdin,
  };
  try {
    const status = await run(parseArguments(process.argv.slice(2)), io);
    if (status !== undefined) process.exitCode = status;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`graceful: ${error.message}\nRun \`graceful --help\` for usage.\n`);
    } else {
      io.stderr(`graceful: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exitCode = EXIT_USAGE;
  }
}

void main();
