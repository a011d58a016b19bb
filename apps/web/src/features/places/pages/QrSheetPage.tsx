/**
 * /console/compounds/:id/qr-sheet — an A4 print sheet, one card per building with its 亮身份 QR code.
 * QR codes are rendered to data URLs by the `qrcode` package and shown as <img>: no inline script (CSP).
 */
import { PrinterOutlined } from '@ant-design/icons';
import { buildingPublicPath } from '@grassroots/shared/places/places.rules';
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Spin } from 'antd';
import QRCode from 'qrcode';
import { useParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageHeader } from '../../../components/PageHeader';
import { useI18n } from '../../../lib/i18n';
import { useQrSheet } from '../api';
import '../places.css';

const qrOptions = { errorCorrectionLevel: 'M' as const, margin: 1, width: 360 };

export function QrSheetPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const sheet = useQrSheet(id);
  const origin = window.location.origin;
  const codes = useQuery({
    queryKey: ['places', 'qr-images', id, origin, sheet.data?.buildings.map((b) => b.publicCode)],
    enabled: !!sheet.data,
    queryFn: async () =>
      Object.fromEntries(
        await Promise.all(
          (sheet.data?.buildings ?? []).map(
            async (b) =>
              [b.id, await QRCode.toDataURL(`${origin}${buildingPublicPath(b.publicCode)}`, qrOptions)] as const,
          ),
        ),
      ),
  });

  if (sheet.isLoading) return <Spin />;
  if (sheet.isError || !sheet.data) return <ErrorAlert error={sheet.error} onRetry={() => sheet.refetch()} />;
  const { compound, buildings } = sheet.data;

  return (
    <div className="gr-qr-page">
      <div className="gr-no-print">
        <PageHeader
          back={`/console/compounds/${compound.id}`}
          title={t(`${compound.name} · 楼栋二维码`, `${compound.name} · building QR codes`)}
          subtitle={t('A4 纵向打印，每页 6 张，裁切后张贴在楼栋单元门口', 'Print on A4 portrait, 6 per page')}
          extra={
            <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!codes.data}>
              {t('打印', 'Print')}
            </Button>
          }
        />
      </div>
      {codes.isError ? <ErrorAlert error={codes.error} /> : null}
      {buildings.length === 0 ? (
        <Empty description={t('该小区还没有楼栋', 'This compound has no buildings')} />
      ) : (
        <div className="gr-qr-sheet">
          {buildings.map((b) => (
            <section key={b.id} className="gr-qr-card" aria-label={`${compound.name} ${b.name}`}>
              <div className="gr-qr-title">
                {compound.name} · {b.name}
              </div>
              <div className="gr-qr-address">{b.address ?? compound.address ?? ''}</div>
              {codes.data?.[b.id] ? (
                <img
                  className="gr-qr-img"
                  src={codes.data[b.id]}
                  alt={t(`${b.name}亮身份二维码`, `QR code of ${b.name}`)}
                />
              ) : (
                <Spin />
              )}
              <div className="gr-qr-caption">扫码查看网格责任人（亮身份）</div>
              <div className="gr-qr-code">{b.publicCode}</div>
            </section>
          ))}
        </div>
      )}
    </div>
  );
}
