/** The networker's inbound address on the Mail screen: what it is for, copy it, and rotate it if it leaked. */
import { useApp } from "../app";
import { defineMessages, useT } from "../i18n";
import { RotateConfirm, useSecretAddress } from "../ui/secretAddress";

const messages = defineMessages({
  en: {
    title: "Your logging address",
    intro: "Rapport logs your emails as touches when you send it a copy:",
    bcc: "When you write to a contact, add this address in Bcc. They will not see it.",
    forward: "To log a message you received, forward it to this address.",
    only:
      "Only mail from your own confirmed addresses is logged; anything else waits below, under “Kept aside”. Keep this address to yourself: anyone who has it can send mail to it.",
    none: "Logging by email is not set up on this Rapport.",
    copy: "Copy",
    copied: "Copied. Paste it in Bcc, or as the address to forward to.",
    copyByHand: "Your browser would not copy it: it is selected, copy it yourself.",
    rotate: "Get a new address",
    confirmTitle: "Get a new address?",
    confirm:
      "The current address stops working at once: mail sent or forwarded to it will no longer be logged. Replace it wherever you saved it (your mail’s filters, your address book).",
    confirmYes: "Yes, get a new address",
    rotated: "Your new address is ready. Copy it where you used the old one.",
  },
  fr: {
    title: "Votre adresse de suivi",
    intro: "Rapport note vos e-mails comme échanges quand vous lui en envoyez une copie\u202f:",
    bcc: "Quand vous écrivez à un contact, ajoutez cette adresse en Cci. Il ne la verra pas.",
    forward: "Pour noter un message reçu, transférez-le à cette adresse.",
    only:
      "Seuls les messages envoyés depuis vos adresses confirmées sont notés\u202f; les autres attendent plus bas, dans «\u202fMis de côté\u202f». Gardez cette adresse pour vous\u202f: quiconque la connaît peut y écrire.",
    none: "Le suivi par e-mail n’est pas configuré sur ce Rapport.",
    copy: "Copier",
    copied: "Copiée. Collez-la en Cci, ou comme adresse de transfert.",
    copyByHand: "Votre navigateur n’a pas pu la copier\u202f: elle est sélectionnée, copiez-la vous-même.",
    rotate: "Obtenir une nouvelle adresse",
    confirmTitle: "Obtenir une nouvelle adresse\u202f?",
    confirm:
      "L’adresse actuelle cesse de fonctionner aussitôt\u202f: les messages envoyés ou transférés à elle ne seront plus notés. Remplacez-la partout où vous l’avez gardée (filtres de messagerie, carnet d’adresses).",
    confirmYes: "Oui, une nouvelle adresse",
    rotated: "Votre nouvelle adresse est prête. Copiez-la là où vous utilisiez l’ancienne.",
  },
});

export function InboundAddress() {
  const { profile } = useApp();
  const t = useT(messages);
  const address = profile.inbound_address;
  const { status, confirming, setConfirming, busy, error, shown, rotateButton, copy, rotate } = useSecretAddress(
    address,
    "/me/inbound-address/rotate",
    { copied: t("copied"), copyByHand: t("copyByHand"), rotated: t("rotated") },
  );

  return (
    <section aria-labelledby="mail-address" class="inbound-address">
      <h2 id="mail-address">{t("title")}</h2>
      {!address ? (
        <p class="empty">{t("none")}</p>
      ) : (
        <>
          <p>{t("intro")}</p>
          <ul class="list">
            <li>{t("bcc")}</li>
            <li>{t("forward")}</li>
          </ul>
          <p class="hint">{t("only")}</p>
          <p class="address">
            <code ref={shown}>{address}</code>
          </p>
          <div class="buttons">
            <button type="button" class="button primary" onClick={() => void copy()}>
              {t("copy")}
            </button>
            <button
              type="button"
              class="button quiet"
              ref={rotateButton}
              aria-expanded={confirming}
              aria-controls="mail-rotate"
              onClick={() => setConfirming(!confirming)}
            >
              {t("rotate")}
            </button>
          </div>
          <p class="status" role="status">
            {status}
          </p>
          {confirming && (
            <RotateConfirm
              id="mail-rotate"
              words={{ confirmTitle: t("confirmTitle"), confirm: t("confirm"), confirmYes: t("confirmYes") }}
              busy={busy}
              error={error}
              rotate={rotate}
              cancel={() => setConfirming(false)}
            />
          )}
        </>
      )}
    </section>
  );
}
