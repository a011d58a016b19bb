/**
 * Stable error codes. The server maps each to an HTTP status and a zh-CN/en message;
 * clients switch on `code`, never on the message.
 */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  NOT_FOUND: 'NOT_FOUND',
  ROUTE_NOT_FOUND: 'ROUTE_NOT_FOUND',
  AREA_NOT_FOUND: 'AREA_NOT_FOUND',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  CSRF_MISMATCH: 'CSRF_MISMATCH',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  ACCOUNT_DISABLED: 'ACCOUNT_DISABLED',
  ACCOUNT_LOCKED: 'ACCOUNT_LOCKED',
  PASSWORD_CHANGE_REQUIRED: 'PASSWORD_CHANGE_REQUIRED',
  WEAK_PASSWORD: 'WEAK_PASSWORD',
  RATE_LIMITED: 'RATE_LIMITED',
  VERSION_CONFLICT: 'VERSION_CONFLICT',
  DUPLICATE: 'DUPLICATE',
  AREA_NOT_EMPTY: 'AREA_NOT_EMPTY',
  NOT_EMPTY: 'NOT_EMPTY',
  PLACE_MISMATCH: 'PLACE_MISMATCH',
  INVALID_MOVE: 'INVALID_MOVE',
  INVALID_HIERARCHY: 'INVALID_HIERARCHY',
  ROLE_REQUIRED: 'ROLE_REQUIRED',
  INVALID_GEOJSON: 'INVALID_GEOJSON',
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  API_KEY_INVALID: 'API_KEY_INVALID',
  INVALID_GRANT: 'INVALID_GRANT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENCY_IN_PROGRESS: 'IDEMPOTENCY_IN_PROGRESS',
  INVALID_WORK_PERIODS: 'INVALID_WORK_PERIODS',
  HOLIDAY_POINTLESS: 'HOLIDAY_POINTLESS',
  HOLIDAY_OUTSIDE_YEAR: 'HOLIDAY_OUTSIDE_YEAR',
  CASE_NOT_FOUND: 'CASE_NOT_FOUND',
  EXPORT_TOO_LARGE: 'EXPORT_TOO_LARGE',
  CAMPAIGN_EMPTY: 'CAMPAIGN_EMPTY',
  CAMPAIGN_NOT_ACTIVE: 'CAMPAIGN_NOT_ACTIVE',
  INVALID_ID_NUMBER: 'INVALID_ID_NUMBER',
  DUPLICATE_PERSON: 'DUPLICATE_PERSON',
  IMPORT_HAS_ERRORS: 'IMPORT_HAS_ERRORS',
  IMPORT_BAD_WORKBOOK: 'IMPORT_BAD_WORKBOOK',
  IMPORT_STALE: 'IMPORT_STALE',
  IMPORT_INTERRUPTED: 'IMPORT_INTERRUPTED',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const errorStatus: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  AREA_NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_MISMATCH: 403,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_DISABLED: 403,
  ACCOUNT_LOCKED: 429,
  PASSWORD_CHANGE_REQUIRED: 403,
  WEAK_PASSWORD: 400,
  RATE_LIMITED: 429,
  VERSION_CONFLICT: 409,
  DUPLICATE: 409,
  AREA_NOT_EMPTY: 409,
  NOT_EMPTY: 409,
  PLACE_MISMATCH: 400,
  INVALID_MOVE: 409,
  INVALID_HIERARCHY: 400,
  ROLE_REQUIRED: 400,
  INVALID_GEOJSON: 400,
  INVALID_TRANSITION: 409,
  API_KEY_INVALID: 401,
  INVALID_GRANT: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  IDEMPOTENCY_IN_PROGRESS: 409,
  INVALID_WORK_PERIODS: 400,
  HOLIDAY_POINTLESS: 400,
  HOLIDAY_OUTSIDE_YEAR: 400,
  CASE_NOT_FOUND: 404,
  EXPORT_TOO_LARGE: 422,
  CAMPAIGN_EMPTY: 409,
  CAMPAIGN_NOT_ACTIVE: 409,
  INVALID_ID_NUMBER: 400,
  DUPLICATE_PERSON: 409,
  IMPORT_HAS_ERRORS: 409,
  IMPORT_BAD_WORKBOOK: 422,
  IMPORT_STALE: 409,
  IMPORT_INTERRUPTED: 409,
  INTERNAL: 500,
};

export const errorMessages: Record<ErrorCode, { 'zh-CN': string; en: string }> = {
  VALIDATION_FAILED: { 'zh-CN': '输入有误，请检查标注的字段', en: 'Some fields are invalid' },
  NOT_FOUND: { 'zh-CN': '记录不存在或无权查看', en: 'Not found' },
  ROUTE_NOT_FOUND: { 'zh-CN': '接口不存在', en: 'No such route' },
  AREA_NOT_FOUND: { 'zh-CN': '该位置不在任何网格内', en: 'No grid contains this point' },
  UNAUTHENTICATED: { 'zh-CN': '请先登录', en: 'Please sign in' },
  FORBIDDEN: { 'zh-CN': '无权执行此操作', en: 'You are not allowed to do this' },
  CSRF_MISMATCH: { 'zh-CN': '页面已过期，请刷新后重试', en: 'The page has expired; reload and try again' },
  INVALID_CREDENTIALS: { 'zh-CN': '用户名或密码错误', en: 'Wrong username or password' },
  ACCOUNT_DISABLED: { 'zh-CN': '账号已停用', en: 'This account is disabled' },
  ACCOUNT_LOCKED: { 'zh-CN': '登录失败次数过多，请稍后再试', en: 'Too many failed sign-ins; try again later' },
  PASSWORD_CHANGE_REQUIRED: { 'zh-CN': '请先修改初始密码', en: 'Change your initial password first' },
  WEAK_PASSWORD: {
    'zh-CN': '密码至少 8 位，且不能使用演示密码',
    en: 'Use at least 8 characters and not the demo password',
  },
  RATE_LIMITED: { 'zh-CN': '请求过于频繁，请稍后再试', en: 'Too many requests; slow down' },
  VERSION_CONFLICT: { 'zh-CN': '数据已被他人修改，请刷新后重试', en: 'Someone else changed this; reload and retry' },
  DUPLICATE: { 'zh-CN': '记录已存在', en: 'Already exists' },
  AREA_NOT_EMPTY: { 'zh-CN': '区域下仍有下级或数据，不能删除', en: 'The area still has children or data' },
  NOT_EMPTY: { 'zh-CN': '仍有关联数据，不能删除', en: 'Still in use; cannot be deleted' },
  PLACE_MISMATCH: {
    'zh-CN': '所选小区、网格、楼栋或房间不属于同一社区或楼栋',
    en: 'The compound, grid, building or room do not belong together',
  },
  INVALID_MOVE: { 'zh-CN': '不能移动到自身或其下级', en: 'Cannot move an area under itself' },
  INVALID_HIERARCHY: {
    'zh-CN': '区域层级不符合 市→区县→街道→社区→网格',
    en: 'Area level does not fit under that parent',
  },
  ROLE_REQUIRED: {
    'zh-CN': '该账号不具备所需的角色（如街道领导、党员）',
    en: 'The account does not hold the required role',
  },
  INVALID_GEOJSON: { 'zh-CN': 'GeoJSON 边界无效', en: 'Invalid GeoJSON boundary' },
  INVALID_TRANSITION: { 'zh-CN': '当前状态不允许该操作', en: 'Not allowed in the current state' },
  API_KEY_INVALID: { 'zh-CN': '接口密钥无效、已过期或已吊销', en: 'API key invalid, expired or revoked' },
  INVALID_GRANT: {
    'zh-CN': '角色授权不符合规则（请检查区域或单位）',
    en: 'This role needs a different area or organisation',
  },
  PAYLOAD_TOO_LARGE: { 'zh-CN': '上传内容过大', en: 'Payload too large' },
  UNSUPPORTED_MEDIA_TYPE: { 'zh-CN': '不支持的内容类型', en: 'Unsupported media type' },
  IDEMPOTENCY_KEY_REUSED: {
    'zh-CN': '该幂等键已用于另一个不同的请求',
    en: 'This Idempotency-Key was already used for a different request',
  },
  IDEMPOTENCY_IN_PROGRESS: {
    'zh-CN': '相同的请求正在处理中，请稍后重试',
    en: 'The same request is still being processed; retry shortly',
  },
  INVALID_WORK_PERIODS: {
    'zh-CN': '工作时段须在一天之内、按时间排序且互不重叠',
    en: 'Working periods must lie within the day, in order, without overlapping',
  },
  HOLIDAY_POINTLESS: {
    'zh-CN': '无需设置：工作日本来就上班，周末本来就休息',
    en: 'Not needed: weekdays are already working days and weekends already off',
  },
  HOLIDAY_OUTSIDE_YEAR: { 'zh-CN': '日期不在所导入的年份内', en: 'A date lies outside the imported year' },
  CASE_NOT_FOUND: { 'zh-CN': '未找到该编号的诉求，请核对编号', en: 'No case has this number; check it' },
  EXPORT_TOO_LARGE: {
    'zh-CN': '导出的记录超过 50,000 条，请缩小筛选范围后重试',
    en: 'More than 50,000 rows to export; narrow the filters',
  },
  INVALID_ID_NUMBER: {
    'zh-CN': '身份证号码无效（格式、出生日期或校验位有误，或与填写的出生日期、性别不符）',
    en: 'Invalid ID number (format, birth date or check digit, or it disagrees with the birth date or gender)',
  },
  DUPLICATE_PERSON: {
    'zh-CN': '台账中已有该身份证号码的人员',
    en: 'A person with this ID number is already in the ledger',
  },
  IMPORT_HAS_ERRORS: {
    'zh-CN': '仍有问题行或未选择处理方式的重复行：请跳过问题行，并为每条重复记录选择跳过/更新/保留',
    en: 'Some rows still have problems or undecided duplicates: skip them or decide each duplicate',
  },
  IMPORT_BAD_WORKBOOK: {
    'zh-CN': '无法读取该工作簿：请使用下载的 .xlsx 模板（第一行为表头，至少含“姓名”列）',
    en: 'Cannot read this workbook: use the .xlsx template (headers in row 1, with a 姓名 column)',
  },
  IMPORT_STALE: {
    'zh-CN': '预览之后台账已有变化（人员或住户被他人修改），请重新上传',
    en: 'The ledger changed since the preview (persons or households were edited); upload again',
  },
  IMPORT_INTERRUPTED: {
    'zh-CN': '导入因服务重启而中断，未写入任何数据，请重新上传',
    en: 'The import was interrupted by a server restart; nothing was written. Upload again',
  },
  CAMPAIGN_EMPTY: {
    'zh-CN': '没有符合摸排对象条件的住户，请调整范围或条件',
    en: 'No household matches the target; widen the area or the filter',
  },
  CAMPAIGN_NOT_ACTIVE: { 'zh-CN': '该摸排任务未开始或已结束', en: 'This campaign is not running' },
  INTERNAL: { 'zh-CN': '服务器内部错误', en: 'Internal server error' },
};

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown,
    status?: number,
  ) {
    super(errorMessages[code].en);
    this.status = status ?? errorStatus[code];
  }
}
