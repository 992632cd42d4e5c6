import type { Language } from "../lib/language.ts";

/** The words of the weekly report in each language a store can choose. */
export const messages = {
  en: {
    subject: (store: string, range: string) => `${store}: your List Designer week, ${range}`,
    preview: (clicks: string, sales: string) => `${clicks} widget clicks and ${sales} in sales last week`,
    heading: "Your List Designer week",
    monthSubject: (store: string, range: string) => `${store}: your List Designer month, ${range}`,
    monthPreview: (clicks: string, sales: string) =>
      `${clicks} widget clicks and ${sales} in sales last month`,
    monthHeading: "Your List Designer month",
    monthChange: (change: string) => `${change} vs last month`,
    newThisMonth: "new",
    monthFooter: (store: string) => `You receive this monthly report as a recipient for ${store}.`,
    totalClicks: "Widget clicks",
    totalSales: "Sales of widget products",
    attributedSales: "Sales from widget clicks",
    attributedOrders: (formatted: string) => `${formatted} orders`,
    creditsPending:
      "Some of this week's orders are still being matched to widget clicks; your dashboard will show their sales.",
    fromClicks: (sales: string) => `${sales} from clicks`,
    holdouts: "What the widgets added (holdouts)",
    holdoutResult: (
      widget: string,
      added: boolean,
      value: string,
      low: string,
      high: string,
      share: string,
    ) =>
      `${widget} ${added ? "added" : "took away"} ${value} (95 %: ${low} to ${high}) over a ${share} % holdout`,
    holdoutNotYet: (widget: string, share: string, visitors: string | null) =>
      `${widget}: not conclusive yet over a ${share} % holdout${visitors ? `; about ${visitors} more visitors needed` : ""}`,
    holdoutFirstWeek: (widget: string, share: string) =>
      `${widget}: a ${share} % holdout, first result after its first whole week`,
    topWidgets: "Top widgets by clicks",
    topProducts: "Top products by sales",
    clicks: (count: number, formatted: string) => `${formatted} ${count === 1 ? "click" : "clicks"}`,
    units: (formatted: string) => `${formatted} sold`,
    ctr: (rate: string, impressions: string) => `${rate} click-through of ${impressions} views`,
    noWidgets:
      "You have no active List Designer widgets yet. Add one to your storefront to see how it performs.",
    noClicks: "Nobody clicked your widgets this week.",
    noSales: "No product shown in your widgets sold this week.",
    unavailable:
      "We could not load this part of your report this week. Your dashboard has the latest numbers.",
    newThisWeek: "new",
    change: (change: string) => `${change} vs last week`,
    dashboard: "Open your dashboard",
    footer: (store: string) => `You receive this weekly report as a recipient for ${store}.`,
    unsubscribe: "Unsubscribe from these reports",
    manage: "Manage these emails",
    confirmSubject: (store: string) => `Confirm the weekly List Designer report of ${store}`,
    confirmPreview: (store: string) => `${store} asked to send its weekly report to this address`,
    confirmHeading: "Receive the weekly report?",
    confirmBody: (store: string, email: string) =>
      `${store} asked to send its weekly List Designer report to ${email}. Nothing is sent to this address until you confirm.`,
    confirmButton: "Confirm this address",
    confirmExpiry: (days: string) =>
      `The link works for ${days} days. If you did not expect this email, ignore it: nothing will be sent.`,
  },
  ko: {
    subject: (store: string, range: string) => `${store}: List Designer 주간 리포트 (${range})`,
    preview: (clicks: string, sales: string) => `지난주 위젯 클릭 ${clicks}회, 매출 ${sales}`,
    heading: "List Designer 주간 리포트",
    monthSubject: (store: string, range: string) => `${store}: List Designer 월간 리포트 (${range})`,
    monthPreview: (clicks: string, sales: string) => `지난달 위젯 클릭 ${clicks}회, 매출 ${sales}`,
    monthHeading: "List Designer 월간 리포트",
    monthChange: (change: string) => `지난달 대비 ${change}`,
    newThisMonth: "신규",
    monthFooter: (store: string) => `${store}의 월간 리포트 수신자로 등록되어 이 메일을 받으셨습니다.`,
    totalClicks: "위젯 클릭",
    totalSales: "위젯 상품 매출",
    attributedSales: "위젯 클릭으로 발생한 매출",
    attributedOrders: (formatted: string) => `주문 ${formatted}건`,
    creditsPending:
      "이번 주 주문 일부는 아직 위젯 클릭과 대조 중입니다. 해당 매출은 대시보드에서 확인하세요.",
    fromClicks: (sales: string) => `클릭 매출 ${sales}`,
    holdouts: "위젯이 더한 매출 (홀드아웃)",
    holdoutResult: (
      widget: string,
      added: boolean,
      value: string,
      low: string,
      high: string,
      share: string,
    ) => `${widget}: ${share}% 홀드아웃 대비 ${value} ${added ? "증가" : "감소"} (95%: ${low} ~ ${high})`,
    holdoutNotYet: (widget: string, share: string, visitors: string | null) =>
      `${widget}: ${share}% 홀드아웃, 아직 결론 없음${visitors ? ` (방문자 약 ${visitors}명 더 필요)` : ""}`,
    holdoutFirstWeek: (widget: string, share: string) =>
      `${widget}: ${share}% 홀드아웃, 첫 결과는 첫 한 주가 지난 뒤`,
    topWidgets: "클릭 수 상위 위젯",
    topProducts: "매출 상위 상품",
    clicks: (_count: number, formatted: string) => `클릭 ${formatted}회`,
    units: (formatted: string) => `${formatted}개 판매`,
    ctr: (rate: string, impressions: string) => `노출 ${impressions}회 중 클릭률 ${rate}`,
    noWidgets:
      "아직 활성화된 List Designer 위젯이 없습니다. 스토어에 위젯을 추가하면 성과를 확인할 수 있습니다.",
    noClicks: "이번 주에는 위젯 클릭이 없었습니다.",
    noSales: "이번 주에는 위젯에 노출된 상품의 판매가 없었습니다.",
    unavailable: "이번 주에는 리포트의 이 부분을 불러오지 못했습니다. 최신 수치는 대시보드에서 확인하세요.",
    newThisWeek: "신규",
    change: (change: string) => `지난주 대비 ${change}`,
    dashboard: "대시보드 열기",
    footer: (store: string) => `${store}의 주간 리포트 수신자로 등록되어 이 메일을 받으셨습니다.`,
    unsubscribe: "리포트 수신 거부",
    manage: "이메일 설정 관리",
    confirmSubject: (store: string) => `${store}의 List Designer 주간 리포트 수신 확인`,
    confirmPreview: (store: string) => `${store}에서 이 주소로 주간 리포트를 보내려고 합니다`,
    confirmHeading: "주간 리포트를 받으시겠습니까?",
    confirmBody: (store: string, email: string) =>
      `${store}에서 List Designer 주간 리포트를 ${email}(으)로 보내려고 합니다. 확인하기 전에는 이 주소로 아무것도 보내지 않습니다.`,
    confirmButton: "이 주소 확인",
    confirmExpiry: (days: string) =>
      `이 링크는 ${days}일 동안 유효합니다. 요청하지 않으셨다면 이 메일을 무시하세요. 아무것도 보내지 않습니다.`,
  },
} as const satisfies Record<Language, unknown>;
