import { formatTime, useRegion } from "../../i18n";
import { Field } from "../../ui/kit";
import { quarterHours } from "./zones";

/** A time of day as a list of quarter hours, said in the networker's language (not the device's). */
export function TimeSelect(props: {
  name: string;
  label: string;
  hint?: string;
  value: string;
  error?: string;
  onValue: (value: string) => void;
}) {
  const region = useRegion();
  const said = (time: string) => formatTime(new Date(`2000-01-01T${time}:00Z`), { ...region, timeZone: "UTC" });
  return (
    <Field label={props.label} hint={props.hint} error={props.error} id={`field-${props.name}`}>
      {(aria) => (
        <select {...aria} name={props.name} value={props.value} onChange={(e) => props.onValue(e.currentTarget.value)}>
          {quarterHours(props.value).map((time) => (
            <option key={time} value={time}>
              {said(time)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
