"use client";

import { ConfirmStep } from "../../../_ui/confirm-step";
import { ActionForm, SubmitButton, type FormAction } from "../../../_ui/form";

/** Releasing a key from its phone straight from the keys list (a search result on race morning). */
export function ReleaseKeyForm({ action, keyCode, bound }: { action: FormAction; keyCode: string; bound: boolean }) {
  return (
    <ActionForm action={action} aria-label={`Release key ${keyCode}`}>
      {bound && (
        <ConfirmStep
          label={
            <>
              Release<span className="visually-hidden"> key {keyCode}</span>…
            </>
          }
          question={`Disconnect ${keyCode} from its phone, so that it can be redeemed on another?`}
        >
          <SubmitButton className="danger small" pending="Releasing…">
            Yes, release<span className="visually-hidden"> key {keyCode}</span>
          </SubmitButton>
        </ConfirmStep>
      )}
    </ActionForm>
  );
}
