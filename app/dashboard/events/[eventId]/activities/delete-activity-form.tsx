"use client";

import { ConfirmStep } from "../../../_ui/confirm-step";
import { ActionForm, SubmitButton, type FormAction } from "../../../_ui/form";

/** Deleting one uploaded activity, after one more question. */
export function DeleteActivityForm({
  action,
  activityId,
  label,
}: {
  action: FormAction;
  activityId: string;
  label: string;
}) {
  return (
    <ActionForm action={action} aria-label={`Delete activity ${label}`}>
      <input type="hidden" name="activityId" value={activityId} />
      <ConfirmStep
        label={
          <>
            Delete<span className="visually-hidden"> activity {label}</span>…
          </>
        }
        question={`Delete the activity ${label} for good?`}
      >
        <SubmitButton className="danger small" pending="Deleting…">
          Yes, delete<span className="visually-hidden"> activity {label}</span>
        </SubmitButton>
      </ConfirmStep>
    </ActionForm>
  );
}
