/**
 * Words of the demo case history: descriptions per category code (the kind of thing residents, 12345 and grid
 * workers report in the seed reports — 楼道漏水, 下水道堵塞, 乱停车, 噪音扰民, 垃圾清运 …) and the handlers'
 * results. Slots: {c} compound or village, {b} building (3号楼), {u} unit, {f} floor, {r} room, {t} a time
 * phrase, {n} a small number. Categories added in the console fall back to a generic sentence.
 */
import type { Rng } from './random.js';

export const descriptions: Record<string, string[]> = {
  'wy.parking': [
    '{c}{b}楼下消防通道旁长期有私家车乱停，早晚高峰车辆进出困难，请物业加强管理。',
    '小区地下车库入口被外来车辆占用，{t}业主车辆无法进出，物业保安不管。',
    '{c}东门附近车辆乱停乱放，占用人行道，老人和孩子出行不安全。',
    '{b}{u}单元门口有一辆无牌面包车停放半年多，积满灰尘，疑似僵尸车，请协助清理。',
  ],
  'wy.lift': [
    '{c}{b}{u}单元电梯{t}频繁故障停运，{f}楼以上老人上下楼困难，请尽快维修。',
    '{b}{u}单元电梯运行时有异响、晃动明显，居民担心安全，要求物业检修。',
    '{b}电梯按键失灵，{f}层按了不停，维保单位迟迟不来处理。',
    '{c}{b}电梯年检合格证过期未更新，居民担心存在安全隐患。',
  ],
  'wy.cleaning': [
    '{b}{u}单元楼道{t}无人打扫，垃圾纸屑堆积，有异味。',
    '{c}保洁不到位，绿化带里烟头、塑料袋很多，保洁人员不够。',
    '{b}楼道扶手和墙面贴满小广告，请物业清理。',
  ],
  'wy.greening': [
    '{c}{b}前的树木多年未修剪，枝叶遮挡低层住户采光，夏天蚊虫多。',
    '{c}绿地被个别住户私自开垦种菜，影响环境，请物业制止。',
    '{b}旁绿化带草坪枯死、黄土裸露，刮风扬尘，请补植。',
  ],
  'wy.fees': [
    '{c}物业公司上调物业费未按规定公示，业主对收费标准有疑问，请社区协调。',
    '{c}物业收取电梯运行费标准不清，收费不开具发票。',
    '{c}停车费收费标准与合同约定不一致，要求物业公开说明。',
  ],
  'wy.repair': [
    '{b}{u}单元楼道声控灯坏了{t}，晚上上下楼漆黑一片，请物业更换。',
    '{b}{u}单元门禁损坏，单元门关不上，外来人员随意进出。',
    '{b}楼顶防水层老化，{f}楼住户家中墙面渗水发霉，请物业维修。',
    '{c}{b}外墙瓷砖松动脱落，楼下行人有被砸风险。',
  ],
  'wy.dispute': [
    '{c}业主与物业因车位归属问题发生纠纷，双方各执一词，请社区调解。',
    '{c}部分业主对物业服务不满拒交物业费，物业停止保洁，矛盾激化。',
    '物业未经业主同意在{b}前改建收费停车场，业主要求恢复绿地。',
  ],
  'sz.sewer': [
    '{c}{b}{u}单元下水道堵塞，污水从一楼地漏反涌，臭气熏天，请尽快疏通。',
    '{c}门前主路雨水井堵塞，{t}一下雨路面就大面积积水，行人无法通行。',
    '{c}{b}旁化粪池满溢，污水流到小区路面，气味难闻。',
    '{c}外排污管道破裂，污水渗漏到路面，已持续{n}天。',
  ],
  'sz.streetlight': [
    '{c}门口至滨河路段路灯{t}不亮，夜间出行不安全。',
    '{c}附近巷道路灯灯杆倾斜、灯罩破损，存在安全隐患。',
    '{c}外道路路灯白天常亮、晚上不亮，请检修。',
  ],
  'sz.road': [
    '{c}门口道路坑洼不平，雨后积水，电动车多次摔倒。',
    '{c}北侧人行道地砖松动破损，老人行走容易绊倒。',
    '通往{c}的巷道路面塌陷一处，约一米见方，请尽快修补。',
  ],
  'sz.manhole': [
    '{c}门口人行道井盖缺失，仅用树枝遮挡，夜间极易踩空，请紧急处理。',
    '{c}{b}旁窨井盖破损下陷，车辆经过时声响很大，存在安全隐患。',
    '{c}外路口井盖松动，车辆碾压后翘起。',
  ],
  'sz.water': [
    '{c}{b}{t}自来水水压低，{f}楼以上基本没水。',
    '{c}突然停水，未见停水通知，居民生活受影响。',
    '{c}{b}自来水发黄有异味，居民不敢饮用，请检测。',
  ],
  'sz.heating': [
    '{c}{b}{u}单元{r}室暖气不热，室温只有十二三度，家中有老人孩子。',
    '{c}{b}暖气管道漏水，楼道地面结冰，居民出行危险。',
    '供暖开始后{c}{b}整栋暖气温度偏低，请热力公司排查。',
  ],
  'lj.noise': [
    '{b}{u}单元{f}楼住户{t}夜间装修，电钻声不断，影响休息。',
    '{c}广场舞音响声音太大，晚上十点后仍未停止，影响老人孩子休息。',
    '{c}{b}楼下饭店排风扇和空调外机噪音大，深夜仍在运转。',
    '{b}{u}单元楼上住户经常深夜走动、拖拽家具，多次沟通无果，请社区调解。',
  ],
  'lj.leak': [
    '{c}{b}{u}单元{r}室卫生间顶部漏水，系楼上住户防水层损坏，多次沟通未修。',
    '楼上洗衣机下水管道漏水，渗到{b}{u}单元{r}室厨房顶棚，墙皮脱落。',
    '{c}{b}{u}单元楼道漏水，水顺着墙流到{f}楼，电表箱有进水危险。',
    '{b}楼上住户长期不在家，家中水管漏水，楼下{r}室墙面被泡，联系不上业主。',
  ],
  'lj.pets': [
    '{b}{u}单元有住户在楼道养狗，狗粪无人清理，气味难闻。',
    '{c}内遛狗不牵绳，孩子被大型犬追赶受惊，请加强管理。',
    '{b}邻居家狗整夜狂叫，{t}影响休息，沟通无果。',
  ],
  'lj.occupation': [
    '{b}{u}单元楼道被住户堆放杂物、旧家具，影响通行。',
    '{c}{b}一楼住户私自圈占公共绿地搭建棚子。',
    '{b}{u}单元邻居在楼道停放电动车、自行车，占用通道。',
  ],
  'hj.garbage': [
    '{c}垃圾站垃圾{t}未清运，堆积如山，天热蚊蝇滋生，臭味严重。',
    '{c}{b}旁垃圾桶满溢，垃圾散落一地，无人清理。',
    '{c}建筑垃圾堆在{b}前长期未清运，请协调清理。',
  ],
  'hj.dumping': [
    '{c}{b}旁空地被堆放大量废品、纸箱，存在火灾隐患。',
    '{c}门口有人长期堆放建筑材料，占用道路。',
    '{c}{b}楼后堆放的杂物滋生老鼠，影响环境卫生。',
  ],
  'hj.livestock': [
    '{c}附近有住户在院内养鸡养鸭，气味难闻，鸡鸣扰民。',
    '{c}{b}楼顶有住户搭棚养鸽子，羽毛粪便污染环境。',
  ],
  'aq.fire_lane': [
    '{c}消防通道被私家车长期占用，一旦发生火情消防车无法进入。',
    '{b}{u}单元楼道堆放杂物堵塞安全出口。',
    '{c}消防栓被圈占，楼道灭火器过期未更换。',
  ],
  'aq.gas': [
    '{c}{b}{u}单元楼道有明显燃气味，疑似管道泄漏，请紧急处理。',
    '{c}{b}底商饭店违规使用液化气罐，存放在楼道内，存在安全隐患。',
  ],
  'aq.unsafe_building': [
    '{c}{b}墙体出现多处裂缝，居民担心房屋安全，请鉴定。',
    '{c}附近一处老旧房屋屋顶塌陷，仍有人居住，存在安全隐患。',
  ],
  'aq.ebike_charging': [
    '{b}{u}单元有住户从楼上拉电线给电动车充电，存在火灾隐患。',
    '{c}有住户把电动车推进楼道和电梯充电，劝阻不听。',
    '{c}充电桩数量不足且多处损坏，居民只能私拉电线充电。',
  ],
  'ms.subsidy': [
    '{c}居民家中老人重病，生活困难，咨询低保申请条件和办理流程。',
    '{b}{u}单元住户因病致贫，申请临时救助，请社区入户核实。',
  ],
  'ms.elderly': [
    '{b}{u}单元独居老人行动不便，希望社区提供助餐和上门探访服务。',
    '{c}老人八十多岁，咨询高龄津贴申领办法，至今未领到补贴。',
  ],
  'ms.employment': [
    '{c}居民失业在家，咨询公益性岗位和就业技能培训报名。',
    '{c}高校毕业生咨询社区就业见习岗位及灵活就业社保补贴。',
  ],
  'ms.certificates': [
    '{c}居民咨询居住证办理所需材料，网上无法预约。',
    '{c}老人行动不便，希望社区代办社保卡和医保认证。',
  ],
  other: [
    '{c}周边缺少便民菜市场，居民买菜不方便，建议增设。',
    '{c}公告栏信息长期未更新，建议及时公开社区事务。',
    '建议在{c}门口增设公交站点，方便老人出行。',
  ],
};

/** How a channel starts its text (the registrar sees who wrote it down). */
export const openers: Record<string, string[]> = {
  resident: ['', '', '本人是{c}住户，'],
  on_behalf: ['住户反映：', '入户走访时住户反映：'],
  hotline: ['市民来电反映：', '12345转办：市民反映'],
  visit: ['居民来访反映：'],
  letter: ['居民来信反映：'],
  self_inspection: ['网格巡查发现：', '日常巡查发现：'],
  superior: ['上级交办：', '街道交办：'],
  open311: [''],
};

const timePhrases = ['这几天', '近一周', '连续三天', '最近', '昨晚', '半个多月'];

export const results: Record<string, string[]> = {
  wy: ['物业已安排维修人员现场处理，问题已解决。', '已约谈物业项目负责人，整改完成并向业主公示。'],
  'wy.parking': ['物业已张贴告知书并清理乱停车辆，增设禁停标识。', '已联系车主挪走车辆，物业加强巡查。'],
  'wy.lift': ['维保单位已更换故障部件，电梯恢复正常运行。', '已督促物业完成电梯检修并张贴年检合格证。'],
  sz: ['已协调相关部门到场处置，设施恢复正常。', '职能部门已完成维修，现场已清理。'],
  'sz.sewer': ['已联系疏通队伍清掏管道，排水恢复正常。', '已更换破损管道，路面污水已清理。'],
  'sz.heating': ['热力公司已排气调压，室温恢复到十八度以上。', '已更换漏水管段，楼道积冰已清除。'],
  lj: ['已上门调解，双方达成一致，问题已解决。', '网格员入户协调，双方签订调解协议。'],
  'lj.leak': [
    '已协调楼上住户更换防水层，渗水问题已解决，墙面由责任方修复。',
    '已关闭漏水阀门并维修管道，楼下不再渗水。',
  ],
  'lj.noise': ['已上门劝导，住户承诺不再夜间施工。', '已协调调整活动时间和音量，居民表示认可。'],
  hj: ['已协调环卫部门清运完毕，并增加清运频次。', '现场已清理干净，网格员持续巡查。'],
  aq: ['已现场排除隐患，并对住户进行安全宣传。', '已联合相关部门现场处置，隐患已消除。'],
  ms: ['已入户核实并按政策办理，结果已告知居民。', '已为居民代办完成，相关材料已送达。'],
  other: ['已现场核实并处理完毕，居民表示认可。'],
};

export const phrases = {
  rejectReasons: [
    '不属于受理范围，已告知居民通过司法途径解决',
    '诉求内容不明确，电话回访无法联系到反映人',
    '已通过其他渠道办结',
    '属于个人之间经济纠纷，建议通过法律途径解决',
  ],
  returnReasons: [
    '不属于本单位职责范围',
    '地址不在本公司服务范围内',
    '需住建部门牵头处理，请重新派遣',
    '诉求地点信息不准确，请核实后重新派遣',
  ],
  suspendNotes: [
    '需等待配件到货，申请延期',
    '需业主配合入户，业主暂时外出',
    '涉及维修资金使用，需业主表决',
    '冬季不具备施工条件，待天气转暖后施工',
  ],
  denyReasons: ['可先采取临时措施，不同意挂起', '期限内可以完成，请抓紧办理'],
  reworkReasons: ['现场核查问题未彻底解决', '居民反映问题依旧存在', '处置照片与现场情况不符'],
  escalateNotes: ['涉及多个部门，社区无法协调，申请上报街道', '需要职能部门执法，申请上报处理'],
  dispatchNotes: ['请于规定时限内处理并反馈', '请尽快到现场核实处理', ''],
  verifyNotes: ['现场核查属实，已处理到位', '电话回访居民，确认问题已解决'],
  closeNotes: ['经核查办结，予以结案', ''],
  reopenNotes: ['问题再次出现，申请重新处理', '处理后没几天又坏了'],
  onBehalfReasons: ['独居老人无智能手机', '老人行动不便，网格员入户代报', '住户不会使用手机上报'],
  comments: {
    satisfied: ['处理及时，非常满意', '网格员很负责，谢谢', '问题解决了，给社区点赞', '', ''],
    basic: ['问题基本解决，但处理时间有点长', '还有些小问题，希望后续跟进', ''],
    unsatisfied: ['问题没有根本解决', '处理太慢，拖了很久', '没有人回访'],
  },
};

export interface Slots {
  c: string;
  b: string;
  u: string;
  f: string;
  r: string;
}

/** Fills the slots of a template; the time phrase and small numbers come from the rng. */
export function fill(template: string, s: Slots, rng: Rng): string {
  return template.replace(/\{([cbufrtn])\}/g, (_, k: string) => {
    if (k === 't') return rng.pick(timePhrases);
    if (k === 'n') return String(rng.int(2, 9));
    return s[k as keyof Slots];
  });
}

/** The text of a new case of `code` (or the category name when there are no templates for it). */
export function describe(code: string | null, name: string, source: string, s: Slots, rng: Rng): string {
  const all = descriptions[code ?? ''] ?? [`{c}{b}附近有${name}方面的问题，请尽快核实处理。`];
  // A village household has no building, unit or room to speak of.
  const fits = s.b ? all : all.filter((t) => !/\{[bufr]\}/.test(t));
  const list = fits.length ? fits : [`{c}村民反映${name}方面的问题，请尽快核实处理。`];
  const opener = rng.pick(openers[source] ?? ['']);
  return fill(opener + rng.pick(list), s, rng);
}

/** A handler's result note for `code`: its own list, else its group's (wy, sz …), else a general one. */
export function resultFor(code: string | null, rng: Rng): string {
  const c = code ?? '';
  return rng.pick(results[c] ?? results[c.split('.')[0] ?? ''] ?? results.other!);
}

/** Slots from a room address '新城壹号 3号楼 2单元1502室' (a village address gives only {c}). */
export function slotsOf(address: string, compound: string | null, building: string | null, rng: Rng): Slots {
  const m = /^(.*?) ?(\d+号楼) (\d+)单元(\d+)室$/.exec(address);
  const floor = rng.int(2, 11);
  const fallback = { u: String(rng.int(1, 3)), f: String(floor), r: `${floor}0${rng.int(1, 2)}` };
  if (m) {
    const room = m[4] as string;
    return { c: m[1] || compound || '', b: m[2] as string, u: m[3] as string, f: room.slice(0, -2) || '1', r: room };
  }
  const village = /^(.*?村)/.exec(address)?.[1];
  return { c: compound ?? village ?? '', b: building ?? '', ...fallback };
}
