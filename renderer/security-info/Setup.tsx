import type { ReactNode } from 'react';
import type { MethodKind } from '../../shared/policy';
import { MethodSetup } from './MethodSetup';
import { QuestionsSetup } from './QuestionsSetup';

/** The setup screens of one kind: proven methods through MethodSetup, security questions through their form. */
export function Setup(props: {
  kind: MethodKind;
  replaces: number | null;
  headingId: string;
  onDone(): void;
  onCancel(): void;
  extra?: ReactNode;
}) {
  const { kind, replaces, ...rest } = props;
  return kind === 'securityQuestions' ? (
    <QuestionsSetup {...rest} />
  ) : (
    <MethodSetup {...rest} kind={kind} replaces={replaces} />
  );
}
