// Resuming a reclaimed execution after its last committed step (docs/RELIABILITY.md): the
// committed results, and the tainted values of those steps, sealed with the credentials keyring
// when committed (never stored in plain text) and opened again here.
import {
  type CredentialRef,
  decryptCredential,
  encryptCredential,
  type Keyring,
  rotateCredential,
} from "../engine/crypto.ts";
import type { JsonValue } from "../engine/json.ts";
import type { StepResult } from "../engine/run.ts";
import type { CommittedTaint, Resume, StepUpdate } from "../engine/run-state.ts";
import type { ClaimedExecution } from "./claim.ts";

type Sealed = { taint: string[]; ciphertext: string; keyVersion: number };

/** Binds the ciphertext to its execution and step: it opens nowhere else. */
function refFor(workspaceId: string, executionId: string, stepId: string): CredentialRef {
  return {
    workspaceId,
    name: `checkpoint:${executionId}:${stepId}`,
    allowedHosts: [],
    placements: [],
    queryParam: null,
  };
}

/** The tainted values a step hands to later steps, sealed; null when the step has none. */
export async function sealTaint(
  keyring: Keyring,
  at: { workspaceId: string; executionId: string },
  result: StepResult,
  update: StepUpdate,
): Promise<JsonValue | null> {
  if (update.taint.length === 0 || result.outcome !== "succeeded") return null;
  const ref = refFor(at.workspaceId, at.executionId, result.id);
  const sealed = await encryptCredential(keyring, ref, JSON.stringify(update.values));
  return { taint: [...update.taint], ...sealed } satisfies Sealed;
}

/** Where a claimed execution resumes; throws when a sealed value cannot be opened. */
export async function resumeFrom(keyring: Keyring, claimed: ClaimedExecution): Promise<Resume> {
  const tainted: Record<string, CommittedTaint> = {};
  for (const [stepId, value] of Object.entries(claimed.stepTaint)) {
    const sealed = value as Sealed;
    const ref = {
      ...refFor(claimed.workspaceId, claimed.id, stepId),
      keyVersion: sealed.keyVersion,
    };
    const text = await decryptCredential(keyring, ref, sealed.ciphertext);
    tainted[stepId] = {
      values: JSON.parse(text) as Record<string, JsonValue>,
      taint: sealed.taint,
    };
  }
  return { steps: claimed.stepResults as unknown as StepResult[], tainted };
}

/**
 * The entries of a row's `step_taint` not sealed under the keyring's current key, sealed again
 * under it with the same binding (key rotation); the others are left out. Throws when one cannot
 * be opened.
 */
export async function resealTaint(
  keyring: Keyring,
  at: { workspaceId: string; executionId: string },
  stepTaint: Record<string, JsonValue>,
): Promise<Record<string, JsonValue>> {
  const resealed: Record<string, JsonValue> = {};
  for (const [stepId, value] of Object.entries(stepTaint)) {
    const sealed = value as Sealed;
    if (sealed.keyVersion === keyring.currentVersion) continue;
    const ref = {
      ...refFor(at.workspaceId, at.executionId, stepId),
      keyVersion: sealed.keyVersion,
    };
    const next = await rotateCredential(keyring, ref, sealed.ciphertext);
    resealed[stepId] = { taint: [...sealed.taint], ...next } satisfies Sealed;
  }
  return resealed;
}
