/** Boundary of an area: preview from our own GeoJSON, upload a .geojson/.json file (→ PUT), remove with confirmation. */
import { DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import type { AreaKind } from '@grassroots/shared/areas/areas.rules';
import type { BoundaryGeometry } from '@grassroots/shared/areas/geojson';
import { App, Button, Empty, Flex, Typography, Upload } from 'antd';
import { useMemo } from 'react';
import { Chart, registerMap } from '../../../components/Chart';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { api } from '../../../lib/api';
import { useI18n } from '../../../lib/i18n';
import { useAction } from '../../../lib/use-action';
import { type AreaDetail, useRefreshAreas } from '../api';
import { buildBoundaryPreviewOption, previewGeoJson } from '../map-options';

/** Larger files are refused before upload (the server limits positions too). */
const MAX_BYTES = 1.5 * 1024 * 1024;

export function BoundarySection({ area }: { area: AreaDetail }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefreshAreas();
  const { busy, error, setError, run } = useAction();
  const canEdit = area.allowedActions.includes('editBoundary');

  const option = useMemo(() => {
    if (!area.boundary) return null;
    const name = `area-preview-${area.id}-${area.version}`;
    registerMap(name, previewGeoJson(area.id, area.boundary as BoundaryGeometry));
    return buildBoundaryPreviewOption(name, area.kind as AreaKind);
  }, [area]);

  const upload = async (file: File) => {
    setError(null);
    if (file.size > MAX_BYTES) {
      setError(new Error(t('文件过大（上限 1.5 MB）', 'File too large (limit 1.5 MB)')));
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch {
      setError(new Error(t('文件不是有效的 JSON', 'The file is not valid JSON')));
      return;
    }
    await run(async () => {
      await api.put(`/api/areas/${area.id}/boundary`, json);
      message.success(t('边界已保存', 'Boundary saved'));
      await refresh();
    });
  };

  const reason = (error as { details?: { reason?: string } } | null)?.details?.reason;
  return (
    <div>
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      {reason ? (
        <Typography.Paragraph type="danger" style={{ marginTop: -4 }}>
          {t('原因', 'Reason')}：<code>{reason}</code>
        </Typography.Paragraph>
      ) : null}
      {option ? (
        <>
          <Chart
            option={option}
            height={240}
            ariaLabel={t(`${area.name}的边界预览`, `Boundary preview of ${area.name}`)}
          />
          {area.bbox ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('范围', 'Extent')}：{area.bbox.map((n) => n.toFixed(5)).join(', ')}
            </Typography.Text>
          ) : null}
        </>
      ) : (
        <Empty description={t('尚未设置边界', 'No boundary yet')} />
      )}
      {canEdit ? (
        <Flex gap={8} style={{ marginTop: 12 }} wrap>
          <Upload
            accept=".geojson,.json,application/geo+json,application/json"
            showUploadList={false}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={busy}>
              {area.boundary ? t('替换边界文件', 'Replace boundary file') : t('上传边界文件', 'Upload boundary file')}
            </Button>
          </Upload>
          {area.boundary ? (
            <ConfirmButton
              icon={<DeleteOutlined />}
              confirm={t('确定删除该区域的边界？', 'Remove this boundary?')}
              description={t('删除后坐标将无法定位到此网格。', 'Points will no longer be located in this area.')}
              onConfirm={async () => {
                await api.delete(`/api/areas/${area.id}/boundary`);
                message.success(t('边界已删除', 'Boundary removed'));
                await refresh();
              }}
            >
              {t('删除边界', 'Remove boundary')}
            </ConfirmButton>
          ) : null}
        </Flex>
      ) : null}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
        {t(
          '支持 GeoJSON Polygon、MultiPolygon 或其 Feature / FeatureCollection，坐标为 WGS-84 经纬度。',
          'GeoJSON Polygon, MultiPolygon, or a Feature / FeatureCollection of those, in WGS-84 lng/lat.',
        )}
      </Typography.Paragraph>
    </div>
  );
}
