// date_fns.js: corpus driver: date math with date-fns (UTC dates only: no time-zone dependence):
// business days, intervals, formatting, parsing, week numbers.
// bench-args: {"dates":400,"rounds":2}
// callgrind-args: {"dates":100,"rounds":1}
import { addDays, addMonths, differenceInCalendarDays, differenceInBusinessDays, format, parseISO, startOfWeek,
         endOfMonth, isWeekend, getISOWeek, eachDayOfInterval, formatDistanceStrict, isBefore, max, min } from 'date-fns';
import { args, rng, fnv, report } from './util.js';

const { dates, rounds } = args();
const rand = rng(19);
const base = Date.UTC(2024, 0, 1, 12);
const ds = Array.from({ length: dates }, () => new Date(base + (rand() % 900) * 86400000 + (rand() % 86400) * 1000));
let h = 0x811c9dc5, days = 0;
for (let r = 0; r < rounds; r++) {
  for (let i = 0; i < ds.length; i++) {
    const a = ds[i], b = ds[(i * 7 + r) % ds.length];
    const due = addMonths(addDays(a, 14 + r), 1);
    const iso = format(due, "yyyy-MM-dd'T'HH:mm:ss");
    const back = parseISO(iso);
    const span = eachDayOfInterval({ start: min([a, b]), end: min([max([a, b]), addDays(min([a, b]), 20)]) });
    days += differenceInCalendarDays(b, a) + differenceInBusinessDays(due, a) + span.filter(isWeekend).length;
    h = fnv(`${iso}|${format(startOfWeek(a, { weekStartsOn: 1 }), 'EEE d MMM yyyy')}|${getISOWeek(b)}|` +
            `${format(endOfMonth(back), 'do MMMM')}|${formatDistanceStrict(a, b)}|${isBefore(a, b)}`, h);
  }
}
report('date-fns', h, days);
