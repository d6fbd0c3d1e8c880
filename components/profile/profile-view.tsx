import Link from "next/link";
import type { TProfilePage } from "./load";
import { ProfileOverview } from "./overview";
import { ObjectsSection } from "./objects";
import { EventsSection } from "./events";
import { CommunicationSection } from "./communication";
import { ExcludedSection } from "./excluded";
import { CompareSection } from "./compare";
import { TestbookSection } from "../testbook/testbook-section";
import { P1Section } from "../p1/p1-section";
import { TestMeterSection } from "../test-meter/test-meter-section";
import { hasP1Port } from "@/lib/p1/layout";

export const PROFILE_SECTIONS = ["", "objects", "events", "communication", "excluded", "compare", "testbook", "test-meter", "p1"] as const;
const TITLES: Record<(typeof PROFILE_SECTIONS)[number], string> = {
  "": "Overview",
  objects: "Objects and access rights",
  events: "Events, alarms and AMR status",
  communication: "Communication and parameters",
  excluded: "Left out",
  compare: "Compare",
  testbook: "Testbook",
  "test-meter": "Test a meter",
  p1: "Check P1 output",
};

/** A profile page's title, before the app's name: "Objects and access rights · User profile". */
export const profileSectionTitle = (section: string[] | undefined): string => {
  const name = (section?.join("/") ?? "") as (typeof PROFILE_SECTIONS)[number];
  return name && TITLES[name] ? `${TITLES[name]} · User profile` : "User profile";
};

export type TSearch = Record<string, string | string[] | undefined>;
export type TSectionProps = TProfilePage & { base: string; search: TSearch; readOnly?: boolean };

export const param = (search: TSearch, key: string): string | undefined => {
  const v = search[key];
  const s = Array.isArray(v) ? v[0] : v;
  return s && s.length <= 200 ? s : undefined;
};

/** A user profile, one section per page, under a sub-navigation shared by the owner's and the shared views. */
export function ProfileView(props: TSectionProps) {
  const p = props.version.profile;
  const section = props.section as (typeof PROFILE_SECTIONS)[number];
  return (
    <>
      <p className="muted" style={{ marginBottom: 0 }}>
        {props.readOnly ? (props.role ? "Read-only: you are a viewer in this workspace · " : "Shared read-only view · ") : ""}Version {props.version.number} · baseline {p.baseline.id} {p.baseline.version} · profile {p.id.slice(0, 12)}
      </p>
      <h1>User profile of {p.utility.company}</h1>
      <nav aria-label="Profile sections" className="subnav">
        <ul>
          {PROFILE_SECTIONS.filter((s) => s !== "p1" || hasP1Port(p)).map((s) => (
            <li key={s}>
              <Link href={s ? `${props.base}/${s}` : props.base} aria-current={s === section ? "page" : undefined}>
                {TITLES[s]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {section === "" && <ProfileOverview {...props} />}
      {section === "objects" && <ObjectsSection {...props} />}
      {section === "events" && <EventsSection {...props} />}
      {section === "communication" && <CommunicationSection {...props} />}
      {section === "excluded" && <ExcludedSection {...props} />}
      {section === "compare" && <CompareSection {...props} />}
      {section === "testbook" && <TestbookSection {...props} />}
      {section === "test-meter" && <TestMeterSection {...props} />}
      {section === "p1" && <P1Section {...props} />}
    </>
  );
}
