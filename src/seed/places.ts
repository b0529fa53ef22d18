// How places appear in generated names and codes: division codes for 统一社会信用代码, the prefixes companies put
// in their names ("绍兴柯桥…", "诸暨市…"), and the towns an owner might mention.

export interface SeedPlace {
  code: string;
  /** 6-digit administrative division code used in credit codes. */
  division: string;
  /** Prefixes used in company names registered here. */
  companyPrefixes: string[];
  /** Short name used in lab and branch names: 柯桥, 诸暨. */
  short: string;
  /** Towns and streets, for the occasional company name that carries one. */
  towns: string[];
}

export const SHAOXING_PLACES: Record<string, SeedPlace> = {
  yuecheng: { code: 'yuecheng', division: '330602', companyPrefixes: ['绍兴市', '绍兴', '绍兴越城'], short: '越城', towns: ['皋埠', '陶堰', '东浦', '孙端', '鉴湖', '灵芝'] },
  keqiao: { code: 'keqiao', division: '330603', companyPrefixes: ['绍兴柯桥', '绍兴市柯桥区', '绍兴'], short: '柯桥', towns: ['齐贤', '钱清', '杨汛桥', '马鞍', '兰亭', '湖塘', '安昌'] },
  shangyu: { code: 'shangyu', division: '330604', companyPrefixes: ['绍兴上虞', '绍兴市上虞区', '上虞'], short: '上虞', towns: ['道墟', '崧厦', '丰惠', '沥海', '章镇', '百官'] },
  zhuji: { code: 'zhuji', division: '330681', companyPrefixes: ['诸暨市', '诸暨'], short: '诸暨', towns: ['大唐', '山下湖', '店口', '枫桥', '次坞', '牌头'] },
  shengzhou: { code: 'shengzhou', division: '330683', companyPrefixes: ['嵊州市', '嵊州'], short: '嵊州', towns: ['甘霖', '三界', '长乐', '崇仁', '黄泽'] },
  xinchang: { code: 'xinchang', division: '330624', companyPrefixes: ['新昌县', '新昌'], short: '新昌', towns: ['七星', '澄潭', '儒岙', '沙溪', '梅渚'] },
  // 滨海新区 is a municipal development zone; companies there register with the city-level authority.
  binhai: { code: 'binhai', division: '330600', companyPrefixes: ['绍兴滨海', '绍兴', '绍兴市'], short: '滨海新区', towns: ['马海', '沥海', '海涂'] },
};

/** Name prefixes for institutions located outside Shaoxing. */
export const OUTSIDE_PREFIX: Record<string, string> = {
  hangzhou: '杭州',
  ningbo: '宁波',
  jiaxing: '嘉兴',
  jinhua: '金华',
  shanghai: '上海',
  suzhou: '苏州',
  nanjing: '南京',
  beijing: '北京',
};

/** Where institutions not tied to an industry tend to be: the city centre and the big districts. */
export const GENERAL_DISTRICT_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ['yuecheng', 5], ['keqiao', 5], ['shangyu', 3], ['zhuji', 3], ['shengzhou', 2], ['xinchang', 2], ['binhai', 2],
];

/** A prefix for an institution name in a region: "绍兴柯桥", "诸暨", "杭州". */
export function placePrefix(region: string, pick: (items: readonly string[]) => string): string {
  const local = SHAOXING_PLACES[region];
  if (local) return pick(local.companyPrefixes.filter((p) => p !== '绍兴市' || region === 'yuecheng'));
  return OUTSIDE_PREFIX[region] ?? '浙江';
}

export function placeShort(region: string): string {
  return SHAOXING_PLACES[region]?.short ?? OUTSIDE_PREFIX[region] ?? '浙江';
}
