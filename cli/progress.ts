// A progress bar for long work (seeding, imports) on a terminal; plain lines when not a TTY.
import cliProgress from 'cli-progress';

export function progressBar(title: string) {
  let bar: cliProgress.SingleBar | undefined;
  let lastStep = '';
  return {
    update: (step: string, done: number, total: number) => {
      if (!process.stdout.isTTY) {
        if (step !== lastStep) console.log(`${title}: ${step} (${Math.floor(done)}/${total})`);
        lastStep = step;
        return;
      }
      if (!bar) {
        bar = new cliProgress.SingleBar({ format: `${title} [{bar}] {percentage}% | {step}`, hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(total, 0, { step });
      }
      bar.setTotal(total);
      bar.update(done, { step });
    },
    stop: () => bar?.stop(),
  };
}
