import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Select } from '@fluentui/react-components';

/** A yes / no / any filter as a labelled drop-down; `undefined` is "any". */
export function TriStateFilter({
  label,
  value,
  onChange,
}: {
  label: string;
  value: boolean | undefined;
  onChange(value: boolean | undefined): void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="ap-filter">
      <label htmlFor={id}>{label}</label>
      <Select
        id={id}
        size="small"
        value={value === undefined ? 'any' : value ? 'yes' : 'no'}
        onChange={(_, data) => onChange(data.value === 'any' ? undefined : data.value === 'yes')}
      >
        <option value="any">{t('adminPages.filter.any')}</option>
        <option value="yes">{t('adminPages.filter.yes')}</option>
        <option value="no">{t('adminPages.filter.no')}</option>
      </Select>
    </div>
  );
}
