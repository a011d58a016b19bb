/** The whole-window spinner shown while the session is being read, before any frame can be drawn. */
import { Flex, Spin } from 'antd';

export function FullPageSpin() {
  return (
    <Flex justify="center" align="center" style={{ minHeight: '100vh' }}>
      <Spin size="large" />
    </Flex>
  );
}
