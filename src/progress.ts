// Console progress for long steps (model check, seeding, index build): one line per step, redrawn on a TTY.
export function consoleProgress(stream: NodeJS.WriteStream = process.stderr): (step: string, done: number, total: number) => void {
  let lastStep = '';
  let lastPrinted = 0;
  return (step, done, total) => {
    const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
    const line = `[${step}] ${done}/${total} (${pct}%)`;
    if (stream.isTTY) {
      stream.write(`\r${line}${done >= total ? '\n' : ''}`);
    } else if (step !== lastStep || pct - lastPrinted >= 10 || done >= total) {
      stream.write(`${line}\n`);
      lastPrinted = pct;
    }
    lastStep = step;
  };
}
