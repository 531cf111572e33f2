import Link from "next/link";
import { keyLink } from "@/lib/domain/links";

/** The demo seed's passcode (db/seed/demo.ts); its link as a path on this server. */
const SAMPLE_CODE = "6G615L";

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
          Try the sample key link:{" "}
          <a href={keyLink("", SAMPLE_CODE, { startNumber: "1", name: "Peter" })}>{keyLink("", SAMPLE_CODE)}</a>
        </li>
        <li>
          Organiser API: <code>Authorization: Bearer &lt;token&gt;</code>, see the README.
        </li>
      </ul>
    </main>
  );
}
