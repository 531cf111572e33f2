import Link from "next/link";

export default function HomePage() {
  return (
    <main className="home">
      <h1>Racekeys</h1>
      <p>
        Racekeys mints the personal keys and event passcodes that connect race participants&apos; phones to live
        tracking, and gets every participant from a key link into the app.
      </p>
      <div className="actions">
        <Link href="/dashboard" className="button">
          Organiser sign-in
        </Link>
      </div>
      <ul>
        <li>
          Try the sample key link: <a href="/redeem_key?key=6G615L&amp;startNumber=1&amp;name=Peter">/redeem_key?key=6G615L</a>
        </li>
        <li>
          Organiser API: <code>Authorization: Bearer &lt;token&gt;</code>, see the README.
        </li>
      </ul>
    </main>
  );
}
