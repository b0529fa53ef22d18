// A need's deadline is a calendar date in Shaoxing: from the day after it, the need leaves matching and the batch
// (its record stays, and its deadline may be moved to bring it back).
export const LOCAL_TIME_ZONE = 'Asia/Shanghai';

// Made once: making a formatter costs a third of a millisecond, paid by every match of a stored need.
const LOCAL_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: LOCAL_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
/** The last minute formatted: a day begins on a whole minute in every time zone, so a minute has one date. */
let lastMinute = { minute: NaN, date: '' };

/** The date (YYYY-MM-DD) it is at `at` in Shaoxing. */
export function localDate(at: Date = new Date()): string {
  // Formatting costs tens of microseconds; every match of a stored need asks.
  const minute = Math.floor(at.getTime() / 60_000);
  if (minute !== lastMinute.minute) lastMinute = { minute, date: LOCAL_DAY.format(at) };
  return lastMinute.date;
}

/** True once the deadline's day is over in Shaoxing; a need without one never passes it. */
export function pastDeadline(deadline: string | null | undefined, today: string = localDate()): boolean {
  return typeof deadline === 'string' && deadline < today;
}
