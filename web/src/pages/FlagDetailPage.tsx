import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Spin } from 'antd';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import {
  AcknowledgeFlagDocument,
  CommentOnFlagDocument,
  AgenciesDocument,
  DismissFlagDocument,
  EscalateFlagDocument,
  FlagDetailDocument,
  FlagProvenanceDocument,
  FlagSideRecordsDocument,
  ReopenFlagDocument,
  ResolveFlagDocument,
} from '../graphql/generated';
import { useLanguage } from '../i18n';
import { useSession } from '../session';
import { FlagDetailView } from '../components/FlagDetailView';

export function FlagDetailPage() {
  const { id = '' } = useParams();
  const { t } = useLanguage();
  const { message } = App.useApp();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const { data, loading, error } = useQuery(FlagDetailDocument, { variables: { id } });
  // Provenance fields are FORBIDDEN to PARTNERs: never asked for them.
  const provenance = useQuery(FlagProvenanceDocument, { variables: { id }, skip: !session.may.readRaw });
  // Source records with raw payloads: FORBIDDEN to PARTNERs, so not even asked for them.
  const sideRecords = useQuery(FlagSideRecordsDocument, { variables: { id }, skip: !session.may.readRaw });
  const agencies = useQuery(AgenciesDocument, { skip: !session.may.act });
  const [escalate] = useMutation(EscalateFlagDocument);
  const [acknowledge] = useMutation(AcknowledgeFlagDocument);
  const [comment] = useMutation(CommentOnFlagDocument);
  const [resolve] = useMutation(ResolveFlagDocument);
  const [dismiss] = useMutation(DismissFlagDocument);
  const [reopen] = useMutation(ReopenFlagDocument);

  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
      void message.success(t('actionDone'));
    } catch (failure) {
      void message.error(t('actionFailed', { message: failure instanceof Error ? failure.message : String(failure) }));
      throw failure;
    }
  };

  return (
    <div>
      {/* Back keeps the queue's filter (it lives in the URL); a flag opened directly goes to the queue. */}
      <Button type="link" style={{ paddingLeft: 0 }} onClick={() => (location.key === 'default' ? navigate('/flags') : navigate(-1))}>
        ← {t('back')}
      </Button>
      {loading && !data && <Spin />}
      {error && <Alert type="error" title={t('loadFailed', { message: error.message })} />}
      {data && (
        <FlagDetailView
          flag={data.flag}
          provenance={provenance.data?.flag.evidence.sides}
          records={sideRecords.data?.flag.evidence.sides.map((side) => side.records)}
          agencies={(agencies.data?.agencies ?? []).filter((agency) => agency.code !== session.caller?.agency.code)}
          may={session.may}
          actions={{
            acknowledge: () => run(() => acknowledge({ variables: { id } })),
            comment: (text) => run(() => comment({ variables: { id, text } })),
            resolve: (input) => run(() => resolve({ variables: { id, input } })),
            dismiss: (reason) => run(() => dismiss({ variables: { id, reason } })),
            reopen: (reason) => run(() => reopen({ variables: { id, reason } })),
            escalate: ({ agency, reason }) => run(() => escalate({ variables: { id, agency, reason } })),
          }}
        />
      )}
    </div>
  );
}
