// The engine's controlled vocabularies: resource kinds, the "5+4" industries, the sixteen service categories
// of the action plan (section 四(二)), and places. Codes are what the API stores; labels are what people read.
// The keyword lists feed the inference of a bare-text need's likely industries and categories.

export const RESOURCE_KINDS = ['expert', 'equipment', 'lab', 'institution', 'service'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
export const KIND_LABELS: Record<ResourceKind, string> = {
  expert: '专家',
  equipment: '仪器设备',
  lab: '共享实验室',
  institution: '服务机构',
  service: '服务项目',
};
/** How a resource of each kind calls itself in a sentence (本仪器对口). */
export const KIND_NOUNS: Record<ResourceKind, string> = {
  expert: '专家',
  equipment: '仪器',
  lab: '实验室',
  institution: '机构',
  service: '服务',
};

export const INDUSTRIES = [
  'textile', 'chemical', 'metal', 'huangjiu', 'pearl', 'equipment', 'medicine', 'materials', 'electronics',
] as const;
export type Industry = (typeof INDUSTRIES)[number];
export const INDUSTRY_LABELS: Record<Industry, string> = {
  textile: '纺织',
  chemical: '化工',
  metal: '金属加工',
  huangjiu: '黄酒',
  pearl: '珍珠',
  equipment: '高端装备',
  medicine: '现代医药',
  materials: '新材料',
  electronics: '电子信息',
};
export const INDUSTRY_KEYWORDS: Record<Industry, readonly string[]> = {
  textile: ['纺织', '印染', '染色', '染料', '化纤', '涤纶', '锦纶', '服装', '面料', '布料', '毛衫', '羊毛', '针织', '袜', '织造', '纱线', '纺纱', '缩水', '起球', '色牢度', '褪色', '掉色', '家纺', '领带', '丝绸', '纤维', '衣服', '织布', '坯布', '经编', '喷水织机'],
  chemical: ['化工', '化学品', '农药', '助剂', '涂料', '树脂', '催化', '溶剂', '反应釜', '危化品', '中间体', '精细化工', 'voc', '废气', '废水', '有机合成', '氟化工', '染料中间体'],
  metal: ['金属', '铸造', '锻造', '轴承', '五金', '冲压', '焊接', '热处理', '钢', '铝', '铜', '不锈钢', '压铸', '模具', '机加工', '电镀', '生锈', '锈蚀', '淬火', '管件', '阀门', '链条'],
  huangjiu: ['黄酒', '绍兴酒', '酿酒', '酿造', '酒曲', '麦曲', '糯米', '发酵', '酒厂', '花雕', '加饭酒', '酒糟', '勾兑', '陈酿', '酒坛', '酒'],
  pearl: ['珍珠', '淡水珍珠', '珠层', '珍珠养殖', '蚌', '珍珠粉', '首饰', '饰品', '光泽', '珠宝', '抛光', '漂白', '山下湖'],
  equipment: ['装备', '机床', '数控', '自动化', '机器人', '伺服', '传感器', '生产线', '减速机', '电机', '液压', '齿轮', '整机', '智能制造', '设备改造', 'plc', '机械', '纺机', '精度'],
  medicine: ['医药', '药', '原料药', '制剂', '仿制药', '一致性评价', 'gmp', '医疗器械', '生物医药', '药品', '注册申报', '临床', '中药', '保健品', '药监', '无菌', '医用', '疫苗'],
  materials: ['新材料', '材料', '复合材料', '碳纤维', '石墨烯', '高分子', '膜材料', '涂层', '陶瓷', '纳米', '改性', '合金', '磁性材料', '光伏', '薄膜', '塑料'],
  electronics: ['电子', '芯片', '集成电路', '半导体', '电路板', 'pcb', '封装', '传感', '软件', '嵌入式', '通信', '显示', 'led', '元器件', '物联网', '电源', '单片机', '晶圆'],
};

export const CATEGORIES = [
  'rnd', 'patent', 'policy', 'ip_finance', 'ip_protection', 'testing', 'certification', 'standards',
  'incubation', 'finance', 'talent', 'training', 'software', 'ecommerce', 'logistics', 'marketing',
] as const;
export type Category = (typeof CATEGORIES)[number];
export const CATEGORY_LABELS: Record<Category, string> = {
  rnd: '技术研发',
  patent: '专利检索',
  policy: '政策法规咨询',
  ip_finance: '知识产权质押融资',
  ip_protection: '知识产权维权援助',
  testing: '公共检测',
  certification: '认证认可',
  standards: '技术标准咨询',
  incubation: '孵化载体',
  finance: '投融资',
  talent: '人才引进',
  training: '培训与技能鉴定',
  software: '软件开发',
  ecommerce: '网店建设',
  logistics: '仓储物流',
  marketing: '产品营销',
};
export const CATEGORY_KEYWORDS: Record<Category, readonly string[]> = {
  rnd: ['研发', '攻关', '工艺', '改进', '配方', '技术难题', '新产品', '开发', '改工艺', '优化', '合作研发', '技术升级', '解决', '原因', '良品率', '成品率', '次品', '不良', '降本', '能耗', '找专家', '技术支持'],
  patent: ['专利', '查新', '检索', '专利申请', '专利布局', '侵权风险', '发明专利', '实用新型', '外观设计'],
  policy: ['政策', '补贴', '申报', '法规', '高新技术企业', '高企', '减免', '奖励', '扶持', '资质申请', '项目申报', '优惠'],
  ip_finance: ['质押', '知识产权融资', '专利质押', '商标质押', '知识产权贷款', '评估作价'],
  ip_protection: ['维权', '侵权', '仿冒', '假冒', '山寨', '被抄', '抄袭', '盗版', '打官司', '起诉', '律师', '商标被抢注'],
  testing: ['检测', '测试', '化验', '分析', '测一下', '检验', '报告', '成分', '性能', '查原因', '失效分析', '色牢度', '含量', '超标', '送检', '测', '鉴定'],
  certification: ['认证', '体系认证', 'iso', '3c', 'ce认证', '资质', '证书', '审核', '认可', '出口认证', '绿色产品认证', 'gots', 'oeko-tex'],
  standards: ['标准', '企业标准', '行业标准', '团体标准', '标准制定', '国标', '起草', '对标', '执行标准'],
  incubation: ['孵化', '众创空间', '创业', '办公场地', '场地', '入驻', '加速器', '初创', '厂房'],
  finance: ['融资', '贷款', '投资', '资金', '银行', '基金', '股权', '上市', '周转', '缺钱', '授信', '担保'],
  talent: ['招人', '人才', '招聘', '工程师', '技术人员', '引进', '博士', '猎头', '缺人', '团队'],
  training: ['培训', '技能', '考证', '鉴定', '测评', '工人', '操作工', '学习', '课程', '上岗证', '职业技能'],
  software: ['软件', '系统', 'erp', 'mes', '信息化', '数字化', '小程序', 'app', '开发系统', '数据', '管理系统', '上云'],
  ecommerce: ['网店', '电商', '淘宝', '天猫', '京东', '抖音', '直播', '跨境电商', '线上销售', '亚马逊', '拼多多', '店铺'],
  logistics: ['物流', '仓储', '仓库', '运输', '发货', '快递', '配送', '冷链', '库存', '报关'],
  marketing: ['营销', '推广', '品牌', '销路', '卖不出去', '客户', '展会', '广告', '包装设计', '市场', '订单', '外贸'],
};

/** A place at three levels; closeness is judged level by level. */
export interface Place {
  code: string;
  label: string;
  city: string;
  province: string;
}

export const PLACES: readonly Place[] = [
  { code: 'yuecheng', label: '越城区', city: '绍兴', province: '浙江' },
  { code: 'keqiao', label: '柯桥区', city: '绍兴', province: '浙江' },
  { code: 'shangyu', label: '上虞区', city: '绍兴', province: '浙江' },
  { code: 'zhuji', label: '诸暨市', city: '绍兴', province: '浙江' },
  { code: 'shengzhou', label: '嵊州市', city: '绍兴', province: '浙江' },
  { code: 'xinchang', label: '新昌县', city: '绍兴', province: '浙江' },
  { code: 'binhai', label: '滨海新区', city: '绍兴', province: '浙江' },
  { code: 'hangzhou', label: '杭州市', city: '杭州', province: '浙江' },
  { code: 'ningbo', label: '宁波市', city: '宁波', province: '浙江' },
  { code: 'jiaxing', label: '嘉兴市', city: '嘉兴', province: '浙江' },
  { code: 'jinhua', label: '金华市', city: '金华', province: '浙江' },
  { code: 'shanghai', label: '上海市', city: '上海', province: '上海' },
  { code: 'suzhou', label: '苏州市', city: '苏州', province: '江苏' },
  { code: 'nanjing', label: '南京市', city: '南京', province: '江苏' },
  { code: 'beijing', label: '北京市', city: '北京', province: '北京' },
];
export const REGION_CODES = PLACES.map((p) => p.code) as [string, ...string[]];
export const SHAOXING_DISTRICTS = PLACES.filter((p) => p.city === '绍兴').map((p) => p.code);
const placeByKey = new Map<string, Place>();
for (const p of PLACES) {
  placeByKey.set(p.code, p);
  placeByKey.set(p.label, p);
  placeByKey.set(p.label.replace(/[区市县]$/, ''), p);
}
/** Accepts a code ("keqiao") or a Chinese name ("柯桥区", "柯桥"). */
export function findPlace(key: string): Place | undefined {
  return placeByKey.get(key.trim().toLowerCase()) ?? placeByKey.get(key.trim());
}

export const AVAILABILITIES = ['available', 'limited', 'unavailable'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

export const NEED_STATUSES = ['open', 'matched', 'closed'] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

/**
 * The "5+4" complexes of the action plan, one per key industry; a resource may name the complex that hosts it,
 * and operators at a complex filter the review queue by it.
 */
export const COMPLEXES: Record<Industry, string> = {
  textile: '柯桥现代纺织产业创新服务综合体',
  chemical: '上虞精细化工产业创新服务综合体',
  metal: '诸暨金属加工产业创新服务综合体',
  huangjiu: '越城黄酒产业创新服务综合体',
  pearl: '诸暨珍珠产业创新服务综合体',
  equipment: '新昌高端装备产业创新服务综合体',
  medicine: '滨海现代医药产业创新服务综合体',
  materials: '上虞新材料产业创新服务综合体',
  electronics: '越城电子信息产业创新服务综合体',
};

/** A suggested pairing's life: an operator approves or rejects it, then follows an approved one up. */
export const PAIRING_STATUSES = ['suggested', 'approved', 'rejected', 'contacted', 'completed'] as const;
export type PairingStatus = (typeof PAIRING_STATUSES)[number];
export const PAIRING_TRANSITIONS: Record<PairingStatus, readonly PairingStatus[]> = {
  suggested: ['approved', 'rejected'],
  approved: ['contacted', 'completed', 'rejected'],
  contacted: ['completed', 'rejected'],
  rejected: [],
  completed: [],
};
export const PAIRING_STATUS_LABELS: Record<PairingStatus, string> = {
  suggested: '待审核',
  approved: '已通过',
  rejected: '已驳回',
  contacted: '已联系',
  completed: '已完成',
};

/** What suggested a pairing: the nightly batch, a portal saving its matches, or a new resource's outreach. */
export const PAIRING_SOURCES = ['batch', 'portal', 'outreach'] as const;
export type PairingSource = (typeof PAIRING_SOURCES)[number];
export const PAIRING_SOURCE_LABELS: Record<PairingSource, string> = {
  batch: '夜间批次',
  portal: '门户',
  outreach: '资源主动推送',
};

/** Why an operator rejects a pairing: a fixed list, so the reasons can be counted and learned from. */
export const REJECTION_REASONS = {
  not_relevant: '不相关',
  too_far: '地域不便',
  resource_full: '资源已满',
  need_solved: '企业已解决',
  need_unclear: '需求不清',
  other: '其他',
} as const;
export type RejectionReason = keyof typeof REJECTION_REASONS;
