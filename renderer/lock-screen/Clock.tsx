import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The lock screen's large time and date, in the user's language, updated every second. */
export function Clock() {
  const { i18n } = useTranslation();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  const time = new Intl.DateTimeFormat(i18n.language, { hour: 'numeric', minute: '2-digit' }).format(now);
  const date = new Intl.DateTimeFormat(i18n.language, { weekday: 'long', month: 'long', day: 'numeric' }).format(now);
  return (
    <div className="clock">
      <time className="clock-time" dateTime={now.toISOString()}>
        {time}
      </time>
      <div className="clock-date">{date}</div>
    </div>
  );
}
