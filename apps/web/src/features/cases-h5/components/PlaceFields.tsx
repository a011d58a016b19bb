/**
 * Where the problem is. A resident picks one of their confirmed households, or "another place" (a text
 * description, plus the phone's position). Residents may not read the area boundaries, so only staff get the
 * offline map to tap on (MapPointPicker).
 */
import type { MyHousehold } from '@grassroots/shared/residents/residents.schema';
import { Flex, Form, Input, Radio, Typography } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../../lib/i18n';
import { MapPointPicker, PositionOnly } from './MapPointPicker';

export const OTHER_PLACE = 'other';

export function ResidentPlaceFields({ households }: { households: MyHousehold[] }) {
  const { t } = useI18n();
  const place = Form.useWatch('place');
  return (
    <>
      <Form.Item
        name="place"
        label={t('问题地点', 'Where is it?')}
        rules={[{ required: true, message: t('请选择问题地点', 'Choose where it is') }]}
      >
        <Radio.Group style={{ width: '100%' }}>
          <Flex vertical gap={8}>
            {households.map((h) => (
              <Radio key={h.householdId} value={h.householdId} style={{ minHeight: 44, alignItems: 'center' }}>
                {t('我的住户：', 'My home: ')}
                {h.address}
              </Radio>
            ))}
            <Radio value={OTHER_PLACE} style={{ minHeight: 44, alignItems: 'center' }}>
              {t('其他地点', 'Somewhere else')}
            </Radio>
          </Flex>
        </Radio.Group>
      </Form.Item>
      {households.length ? null : (
        <Typography.Paragraph type="secondary">
          {t('关联住户后可直接选择自家地址。', 'Link your household to pick your home address here. ')}
          <Link to="/h5/link">{t('去关联住户', 'Link a household')}</Link>
        </Typography.Paragraph>
      )}
      {place === OTHER_PLACE ? <OtherPlaceFields withMap={false} /> : null}
    </>
  );
}

/** A described place and an optional point: on the offline map (staff) or from the phone's position. */
export function OtherPlaceFields({ withMap }: { withMap: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item
        name="address"
        label={t('地点说明', 'Place')}
        rules={[{ required: true, whitespace: true, message: t('请说明问题所在地点', 'Describe the place') }]}
      >
        <Input
          size="large"
          maxLength={200}
          placeholder={t('如：新城壹号3号楼东侧路口', 'e.g. the corner east of block 3')}
        />
      </Form.Item>
      <Form.Item
        name="location"
        label={
          withMap
            ? t('在地图上标出位置（可选）', 'Mark it on the map (optional)')
            : t('定位（可选）', 'Position (optional)')
        }
      >
        {withMap ? <MapPointPicker /> : <PositionOnly />}
      </Form.Item>
    </>
  );
}
