import { Command, CommanderError } from 'commander';
import { registerEvaluate } from './cli/evaluate';
import { registerFeatures } from './cli/features';
import { registerGenerate } from './cli/generate';
import { registerPaperTable } from './cli/paper-table';
import { registerTrain } from './cli/train';

const program = new Command()
  .name('npm run ml --')
  .description('Satark ML: synthetic CDRs, caller features, isolation-forest training and evaluation')
  .showHelpAfterError('(add --help for usage)')
  .exitOverride();

registerGenerate(program);
registerFeatures(program);
registerTrain(program);
registerEvaluate(program);
registerPaperTable(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (unknown option, bad value, --help).
    process.exitCode = error.exitCode;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: ${message}\n`);
    if (process.env.SATARK_DEBUG && error instanceof Error && error.stack)
      process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  }
}
