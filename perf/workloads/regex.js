// regex.js: perf workload: regular expressions (match, replace, test, split) over generated log lines.
// bench-args: {"lines":30000}
// callgrind-args: {"lines":4000}
// Input: JSON args [name, '{"lines": L}']; prints counts and a hash.
const { lines } = JSON.parse(JSON.parse(getWasiArgs())[1]);
const levels = ["INFO", "WARN", "ERROR", "DEBUG"];
const text = [];
for (let i = 0; i < lines; i++) {
  text.push(`2024-01-${String(1 + (i % 28)).padStart(2, "0")}T12:${String(i % 60).padStart(2, "0")}:00Z ` +
            `${levels[i % 4]} user=u${i % 97} ip=10.0.${i % 256}.${(i * 7) % 256} took=${(i * 13) % 1000}ms path=/api/v${i % 3}/item/${i}`);
}
const re = /^(\d{4})-(\d\d)-(\d\d)T[\d:]+Z (\w+) user=(\w+) ip=([\d.]+) took=(\d+)ms path=(\S+)$/;
let errors = 0, slow = 0, h = 0;
for (const line of text) {
  const m = re.exec(line);
  if (!m) continue;
  if (m[4] === "ERROR") errors++;
  if (+m[7] > 900) slow++;
  const masked = m[6].replace(/\d+$/, "x");
  h = (h * 33 + masked.length + m[8].split("/").length) >>> 0;
  if (/v2\/item\/\d*7$/.test(m[8])) h = (h + 1) >>> 0;
}
console.log("regex", lines, errors, slow, h);
