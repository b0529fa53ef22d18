// Institutions whose offerings come from the industry tables rather than the business ones: testing centres
// (offering an industry's tests), industrial research institutes (offering R&D on an industry's topics) and the
// innovation service complexes themselves, one per cluster named in the action plan.
import type { Industry } from '../../domain/taxonomy.js';

export interface TechnicalInstitutionType {
  key: 'testing-center' | 'research-institute';
  label: string;
  /** Slots: {place}, {brand}, {trade} (industry word for institution names). */
  names: string[];
  qualifications: string[];
  intros: string[];
  count: number;
}

/** The word an institution name uses for an industry: "纺织品检测中心", "黄酒产业技术研究院". */
export const INSTITUTION_TRADE: Record<Industry, string[]> = {
  textile: ['纺织品', '纺织', '现代纺织'],
  chemical: ['化工', '精细化工', '化学品'],
  metal: ['金属材料', '五金', '金属制品'],
  huangjiu: ['黄酒', '酒类食品'],
  pearl: ['珍珠', '珠宝'],
  equipment: ['机械装备', '智能装备', '机电产品'],
  medicine: ['医药', '生物医药', '医疗器械'],
  materials: ['新材料', '先进材料', '高分子材料'],
  electronics: ['电子信息', '集成电路', '电子电器'],
};

export const TECHNICAL_INSTITUTIONS: TechnicalInstitutionType[] = [
  {
    key: 'testing-center',
    label: '检验检测机构',
    names: ['{place}{trade}检测中心', '浙江{brand}检测技术有限公司', '{place}{brand}检验检测有限公司', '{place}{trade}质量检验中心', '{place}{brand}{trade}检测研究院有限公司'],
    qualifications: ['检验检测机构资质认定（CMA）', '中国合格评定国家认可委员会实验室认可（CNAS）', '省级检验检测公共服务平台', '创新券服务机构', '国际互认检测报告资质（ILAC-MRA）'],
    intros: [
      '第三方检验检测机构，拥有实验室面积{area}平方米、检测人员{staff}名，已获得资质认定的检测参数{params}余项，常规项目{days}个工作日出具报告。',
      '{place}的公共检测服务平台，主要服务本地{industry}中小企业，提供送样检测、上门抽样和检测结果解读，可接受科技创新券抵扣检测费用。',
      '成立{years}年的专业检测机构，检测报告可用于质量仲裁、出口通关和招投标，设有加急通道，对中小企业实行检测费优惠。',
    ],
    count: 48,
  },
  {
    key: 'research-institute',
    label: '产业技术研究院',
    names: ['{place}{trade}产业技术研究院', '{place}{brand}{trade}技术研究院有限公司', '浙江{brand}{trade}研究院', '{place}{trade}技术转移中心'],
    qualifications: ['省级新型研发机构', '省级企业研究院', '省级技术转移示范机构', '高新技术企业', '市级重点实验室依托单位'],
    intros: [
      '由地方政府与高校院所共建的新型研发机构，现有研发人员{staff}名，围绕{industry}产业共性关键技术开展攻关，承接企业委托研发和技术咨询，成果转化项目{params}余项。',
      '面向{industry}企业提供技术诊断、联合攻关、中试熟化和成果转化服务，已与{clients}余家企业建立长期合作，研发费用可按规定使用创新券。',
    ],
    count: 40,
  },
];

/** The innovation service complexes: one per cluster, named the way the city names them. */
export const INNOVATION_COMPLEXES: ReadonlyArray<{ region: string; industry: Industry; name: string }> = [
  { region: 'keqiao', industry: 'textile', name: '柯桥现代纺织产业创新服务综合体' },
  { region: 'zhuji', industry: 'textile', name: '诸暨袜业产业创新服务综合体' },
  { region: 'shengzhou', industry: 'textile', name: '嵊州领带服装产业创新服务综合体' },
  { region: 'shangyu', industry: 'chemical', name: '上虞精细化工产业创新服务综合体' },
  { region: 'zhuji', industry: 'metal', name: '诸暨五金管业产业创新服务综合体' },
  { region: 'xinchang', industry: 'metal', name: '新昌轴承产业创新服务综合体' },
  { region: 'yuecheng', industry: 'huangjiu', name: '越城黄酒产业创新服务综合体' },
  { region: 'zhuji', industry: 'pearl', name: '诸暨珍珠产业创新服务综合体' },
  { region: 'xinchang', industry: 'equipment', name: '新昌智能装备产业创新服务综合体' },
  { region: 'shengzhou', industry: 'equipment', name: '嵊州电机产业创新服务综合体' },
  { region: 'xinchang', industry: 'medicine', name: '新昌生物医药产业创新服务综合体' },
  { region: 'binhai', industry: 'materials', name: '滨海新区新材料产业创新服务综合体' },
  { region: 'yuecheng', industry: 'electronics', name: '越城集成电路产业创新服务综合体' },
];
