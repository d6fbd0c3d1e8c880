"use client";

import { useState, type MouseEvent } from "react";
import type { TProfileCounts } from "@/lib/profile/preview";
import { REVIEW_STEP, SECTIONS, STEP_IDS } from "@/lib/questionnaire/sections";

type TBadge = { kind: "error" | "ok" | "todo"; text: string } | null;
type TProps = {
  base: string;
  step: string;
  badgeOf: (step: string) => TBadge;
  onGo: (step: string) => void;
  counts: TProfileCounts | null;
  previous: TProfileCounts | null;
};

const STEPS = [...SECTIONS.map((s) => ({ id: s.id, title: s.title })), REVIEW_STEP];

/**
 * The list of steps with their state, and the size of the profile so far. On a narrow screen it
 * folds into one "Step 4 of 13" button, so that the question is on the first screen.
 */
export function StepNav({ base, step, badgeOf, onGo, counts, previous }: TProps) {
  const [open, setOpen] = useState(false);
  const index = STEP_IDS.indexOf(step);
  const go = (id: string) => (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    setOpen(false);
    onGo(id);
  };
  return (
    <nav className="progress" aria-label="Questionnaire steps">
      <button type="button" className="step-toggle secondary" aria-expanded={open} aria-controls="step-list" onClick={() => setOpen((o) => !o)}>
        Step {index + 1} of {STEP_IDS.length}: {STEPS[index]?.title} <span aria-hidden="true">{open ? "▴" : "▾"}</span>
      </button>
      <div id="step-list" className="step-list" data-open={open ? "true" : "false"}>
        <ol>
          {STEPS.map((s, i) => {
            const badge = badgeOf(s.id);
            return (
              <li key={s.id}>
                <a href={`${base}/${s.id}`} aria-current={s.id === step ? "step" : undefined} onClick={go(s.id)}>
                  <span>{i + 1}. {s.title}</span>
                  {badge && <span className={`badge ${badge.kind}`}>{badge.text}</span>}
                </a>
              </li>
            );
          })}
        </ol>
        <div className="impact" aria-live="polite">
          <ProfileImpact counts={counts} previous={previous} />
        </div>
      </div>
    </nav>
  );
}

const COUNT_LABELS: [keyof TProfileCounts, string][] = [
  ["objects", "objects"],
  ["logs", "event logs"],
  ["events", "events"],
  ["parameters", "parameters"],
  ["tests", "tests"],
];

function ProfileImpact({ counts, previous }: { counts: TProfileCounts | null; previous: TProfileCounts | null }) {
  if (!counts) return <p className="impact-title">Your profile&apos;s size appears here once the answers of every step are consistent.</p>;
  return (
    <>
      <p className="impact-title"><strong>Your profile so far</strong></p>
      <ul>
        {COUNT_LABELS.map(([key, label]) => {
          const value = counts[key];
          if (value === null) return null;
          const before = previous?.[key];
          const delta = typeof before === "number" ? value - before : 0;
          return (
            <li key={key} data-count={key}>
              {value} {label}
              {delta !== 0 && <span className="muted"> ({delta > 0 ? `+${delta}` : delta} with your last change)</span>}
            </li>
          );
        })}
      </ul>
    </>
  );
}
