// datefns.js: corpus driver: date arithmetic and formatting with date-fns (one small module per function).
import { addDays, differenceInCalendarDays, format, parseISO, startOfWeek, isWeekend, eachDayOfInterval } from "date-fns";
const start = parseISO("2024-02-26T10:00:00Z");
const days = eachDayOfInterval({ start, end: addDays(start, 20) });
const out = days.filter((d) => !isWeekend(d)).map((d) => format(d, "yyyy-MM-dd EEE"));
console.log("date-fns", out.length, out[0], differenceInCalendarDays(addDays(start, 45), start), format(startOfWeek(start), "MM/dd"));
