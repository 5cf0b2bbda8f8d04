// Adjustment requests (调整申请). A lead unit files one for its own project (a revised annual plan and split, or
// cancellation, with its reason) and follows its requests and their decisions; the planning office (市发展改革委)
// opens each pending request, sees the plan in force beside the plan asked for, changes marked, and approves or
// rejects it with a comment. Amounts are shown and typed in 万元; the API takes and gives exact yuan.
Console.addTexts({
    zh: {
        'page.title': '调整申请',
        'intro.lead-unit': '因客观原因需要调整年度计划投资或项目无法实施时，牵头单位在此提出调整申请，并查看审批结果。金额单位：万元。',
        'intro.planner': '待审批的调整申请：点击一行查看原计划与调整后计划的对照（变动处高亮），填写意见后同意或驳回。金额单位：万元。',
        'intro.other': '各项目的调整申请及审批结果。金额单位：万元。',
        'h.file': '提出调整申请', 'h.list': '调整申请', 'h.detail': '申请 {id}：{project}',
        'col.id': '编号', 'col.project': '项目', 'col.kind': '类型', 'col.requestedPlan': '申请年度计划（万元）', 'col.reason': '理由',
        'col.status': '状态', 'col.requestedAt': '申请时间', 'col.requestedBy': '申请人', 'col.decidedBy': '审批人', 'col.note': '审批意见',
        'kind.CHANGE_PLAN': '调整年度计划投资', 'kind.CANCEL': '申请撤销项目',
        'status.PENDING': '待审批', 'status.APPROVED': '已同意', 'status.REJECTED': '已驳回', 'status.all': '全部',
        'f.current': '现行计划（万元）', 'f.annualPlan': '调整后年度计划（万元）', 'f.split': '调整后资金来源（万元）',
        'f.submit': '提交申请', 'f.currentPlan': '年度计划 {plan}（中央 {central}，自治区 {regional}，市县 {local}），总投资 {total}',
        'f.noPlan': '尚未登记计划金额',
        'f.filed': '已提交调整申请 {id}，等待市发展改革委审批。', 'f.invalid': '申请未提交，请按提示修改：',
        'wan.invalid': '请填写以万元为单位的数字（如 12.5），最多六位小数', 'wan.required': '调整计划时须填写',
        'cmp.item': '项目', 'cmp.original': '原计划（万元）', 'cmp.revised': '调整后（万元）', 'cmp.difference': '增减（万元）',
        'cmp.annualPlan': '年度计划投资', 'cmp.totalInvestment': '总投资（不变）', 'cmp.cancel': '撤销', 'reason': '理由：{reason}',
        'd.note': '审批意见', 'd.approve': '同意', 'd.reject': '驳回',
        'd.approved': '已同意申请 {id}，项目 {project} 计划已调整。', 'd.approvedCancel': '已同意申请 {id}，项目 {project} 已撤销。',
        'd.rejected': '已驳回申请 {id}。', 'd.invalid': '未能审批：',
    },
    en: {
        'page.title': 'Adjustment requests',
        'intro.lead-unit': 'When the annual planned investment must change, or a project cannot be carried out, for objective reasons, the lead unit files an adjustment request here and follows its decision. Amounts in 万元 (10k yuan).',
        'intro.planner': 'Pending adjustment requests: click a row to see the original plan beside the revised one (changes highlighted), then approve or reject it with a comment. Amounts in 万元 (10k yuan).',
        'intro.other': 'The projects\' adjustment requests and their decisions. Amounts in 万元 (10k yuan).',
        'h.file': 'File an adjustment request', 'h.list': 'Adjustment requests', 'h.detail': 'Request {id}: {project}',
        'col.id': 'Id', 'col.project': 'Project', 'col.kind': 'Kind', 'col.requestedPlan': 'Requested annual plan (10k yuan)', 'col.reason': 'Reason',
        'col.status': 'Status', 'col.requestedAt': 'Filed', 'col.requestedBy': 'Filed by', 'col.decidedBy': 'Decided by', 'col.note': 'Comment',
        'kind.CHANGE_PLAN': 'Change the annual plan', 'kind.CANCEL': 'Cancel the project',
        'status.PENDING': 'pending', 'status.APPROVED': 'approved', 'status.REJECTED': 'rejected', 'status.all': 'All',
        'f.current': 'Plan in force (10k yuan)', 'f.annualPlan': 'Revised annual plan (10k yuan)', 'f.split': 'Revised funding sources (10k yuan)',
        'f.submit': 'File the request', 'f.currentPlan': 'annual plan {plan} (central {central}, region {regional}, city and counties {local}), total investment {total}',
        'f.noPlan': 'no planned amounts registered yet',
        'f.filed': 'Adjustment request {id} filed; it awaits the planning office\'s decision.', 'f.invalid': 'The request was not filed; please correct:',
        'wan.invalid': 'Enter a number of 万元 (10k yuan), e.g. 12.5, with at most six decimals', 'wan.required': 'is required to change the plan',
        'cmp.item': 'Item', 'cmp.original': 'Original (10k yuan)', 'cmp.revised': 'Revised (10k yuan)', 'cmp.difference': 'Change (10k yuan)',
        'cmp.annualPlan': 'Annual plan', 'cmp.totalInvestment': 'Total investment (unchanged)', 'cmp.cancel': 'cancelled', 'reason': 'Reason: {reason}',
        'd.note': 'Comment', 'd.approve': 'Approve', 'd.reject': 'Reject',
        'd.approved': 'Request {id} approved; project {project} now follows the revised plan.', 'd.approvedCancel': 'Request {id} approved; project {project} is cancelled.',
        'd.rejected': 'Request {id} rejected.', 'd.invalid': 'Not decided:',
    },
});

const fileForm = document.getElementById('file-form');
const decideForm = document.getElementById('decide-form');
const statusFilter = document.getElementById('filter-status');
const PLAN_INPUTS = [['f-plan', 'annualPlan'], ['f-central', 'split.central'], ['f-regional', 'split.regional'], ['f-local', 'split.local']];
const PLAN_PARTS = ['annualPlan', 'central', 'regional', 'local'];
let role = null;
let ownProjects = [];   // the projects a role may list: a lead unit's own, everyone's for the offices
let requests = [];
let chosen = null;       // {request, project}

/** Exact yuan (a decimal string or number with at most two decimals) as whole 分. */
function cents(yuan) {
    const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(yuan).trim());
    if (!match) {
        return BigInt(Math.round(Number(yuan) * 100));
    }
    const value = BigInt(match[2]) * 100n + BigInt((match[3] || '').padEnd(2, '0'));
    return match[1] ? -value : value;
}

function centsToYuan(value) {
    const negative = value < 0n;
    const abs = negative ? -value : value;
    return (negative ? '-' : '') + (abs / 100n) + '.' + String(abs % 100n).padStart(2, '0');
}

function projectName(id) {
    const project = ownProjects.find(p => p.id === id) || (chosen && chosen.project && chosen.project.id === id ? chosen.project : null);
    return project ? id + ' ' + project.name : id;
}

function renderIntro() {
    const key = role === 'lead-unit' ? 'intro.lead-unit' : role === 'planner' ? 'intro.planner' : 'intro.other';
    document.getElementById('intro').textContent = Console.t(key);
}

function renderOwnProjects() {
    const {el, t, format} = Console;
    const choice = document.getElementById('f-project');
    const selected = choice.value;
    choice.replaceChildren(...ownProjects.map(p => el('option', {value: p.id, selected: p.id === selected}, p.id + ' ' + p.name)));
    const project = ownProjects.find(p => p.id === choice.value);
    const plan = project && project.plan;
    document.getElementById('f-current').textContent = !project ? '' : !plan ? t('f.noPlan') : t('f.currentPlan', {
        plan: format.wan(plan.annualPlan), central: format.wan(plan.central), regional: format.wan(plan.regional),
        local: format.wan(plan.local), total: format.wan(project.totalInvestment)});
}

function renderKind() {
    const cancel = document.getElementById('f-kind').value === 'CANCEL';
    fileForm.querySelectorAll('.plan-field').forEach(e => { e.hidden = cancel; });
}

function renderRequests() {
    const {el, t, format} = Console;
    document.querySelector('#requests tbody').replaceChildren(...requests.map(r => el('tr', {
        'data-request': r.id, 'data-project': r.projectId, 'data-status': r.status,
        class: 'clickable' + (chosen && chosen.request.id === r.id ? ' selected' : ''), onclick: () => openRequest(r.id)},
        el('td', {class: 'num'}, r.id),
        el('td', {class: 'text'}, projectName(r.projectId)),
        el('td', {}, t('kind.' + r.kind)),
        el('td', {class: 'num', 'data-col': 'requestedPlan'}, r.requestedPlan ? format.wan(r.requestedPlan.annualPlan) : '—'),
        el('td', {class: 'text'}, r.reason),
        el('td', {'data-col': 'status'}, el('span', {class: 'badge ' + r.status}, t('status.' + r.status))),
        el('td', {}, format.time(r.requestedAt)),
        el('td', {}, r.requestedBy),
        el('td', {}, r.decidedBy || ''),
        el('td', {class: 'text', 'data-col': 'note'}, r.decisionNote || ''))));
}

/** The plan the request is weighed against: the one in force while pending; after an approval, the first one. */
function originalPlan(request, project) {
    return request.status === 'APPROVED' && project.originalPlan ? project.originalPlan : project.plan;
}

function renderDetail() {
    const {el, t, format} = Console;
    const detail = document.getElementById('detail');
    if (!chosen) {
        detail.hidden = true;
        return;
    }
    const {request, project} = chosen;
    detail.hidden = false;
    document.getElementById('detail-title').textContent = t('h.detail', {id: request.id, project: project.id + ' ' + project.name})
        + ' · ' + t('kind.' + request.kind) + ' · ' + t('status.' + request.status);
    document.getElementById('detail-reason').textContent = t('reason', {reason: request.reason});
    const original = originalPlan(request, project) || {};
    const revised = request.requestedPlan;
    const rows = PLAN_PARTS.map(part => {
        const before = original[part];
        const after = revised ? revised[part] : null;
        const diff = before !== null && before !== undefined && after !== null && after !== undefined
            ? cents(after) - cents(before) : null;
        const changed = request.kind === 'CANCEL' || diff === null || diff !== 0n;
        return el('tr', {'data-part': part, class: changed ? 'changed' : null},
            el('td', {}, part === 'annualPlan' ? t('cmp.annualPlan') : t('source.' + part.toUpperCase())),
            el('td', {class: 'num', 'data-col': 'original'}, format.wan(before)),
            el('td', {class: 'num after', 'data-col': 'revised'}, request.kind === 'CANCEL' ? t('cmp.cancel') : format.wan(after)),
            el('td', {class: 'num', 'data-col': 'difference'}, diff === null ? '—'
                : (diff > 0n ? '+' : '') + format.wan(centsToYuan(diff))));
    });
    rows.push(el('tr', {'data-part': 'totalInvestment'},
        el('td', {}, t('cmp.totalInvestment')),
        el('td', {class: 'num', 'data-col': 'original'}, format.wan(project.totalInvestment)),
        el('td', {class: 'num', 'data-col': 'revised'}, request.kind === 'CANCEL' ? t('cmp.cancel') : format.wan(project.totalInvestment)),
        el('td', {class: 'num'}, '')));
    document.querySelector('#compare tbody').replaceChildren(...rows);
    decideForm.hidden = !(role === 'planner' && request.status === 'PENDING');
}

function render() {
    renderIntro();
    renderOwnProjects();
    renderRequests();
    renderDetail();
}

async function loadRequests() {
    requests = (await Console.api('/adjustment-requests' + (statusFilter.value ? '?status=' + statusFilter.value : ''))).body
        .slice().reverse();   // the newest first
    renderRequests();
}

async function openRequest(id) {
    try {
        const request = (await Console.api('/adjustment-requests/' + id)).body;
        const project = (await Console.api('/projects/' + encodeURIComponent(request.projectId))).body;
        chosen = {request, project};
        Console.clearViolations(decideForm);
        Console.showNotice('', 'info', 'decide-notice');
        renderRequests();
        renderDetail();
        document.getElementById('detail').scrollIntoView();
    } catch (e) {
        Console.showError(e);
    }
}

async function load() {
    const who = Console.claims();
    role = who ? who.role : null;
    document.getElementById('file-section').hidden = role !== 'lead-unit';
    // A lead unit follows all of its requests; the planning office starts from what waits for its decision.
    statusFilter.value = role === 'lead-unit' ? '' : 'PENDING';
    renderIntro();
    try {
        // Names for the list; a lead unit's list is its own projects, the ones it may file for.
        ownProjects = (await Console.api('/projects?size=500')).body.items;
        renderOwnProjects();
        await loadRequests();
    } catch (e) {
        Console.showError(e);
    }
}

async function fileRequest(event) {
    event.preventDefault();
    const {t} = Console;
    Console.clearViolations(fileForm);
    Console.showNotice('', 'info', 'file-notice');
    const projectId = document.getElementById('f-project').value;
    const kind = document.getElementById('f-kind').value;
    const body = {kind, reason: document.getElementById('f-reason').value.trim() || undefined};
    if (kind === 'CHANGE_PLAN') {
        const values = Object.fromEntries(PLAN_INPUTS.map(([id, field]) => [field, Console.wanToYuan(document.getElementById(id).value)]));
        const violations = PLAN_INPUTS.filter(([, field]) => values[field] === undefined || values[field] === null)
            .map(([, field]) => ({field, message: t(values[field] === undefined ? 'wan.invalid' : 'wan.required')}));
        if (violations.length) {
            Console.showViolations(fileForm, violations);
            Console.showNotice(t('f.invalid'), 'error', 'file-notice');
            return;
        }
        body.annualPlan = Console.exactAmount(values.annualPlan);
        body.split = {central: Console.exactAmount(values['split.central']), regional: Console.exactAmount(values['split.regional']), local: Console.exactAmount(values['split.local'])};
    }
    try {
        const filed = (await Console.api('/projects/' + encodeURIComponent(projectId) + '/adjustment-requests', {method: 'POST', body})).body;
        Console.showNotice(t('f.filed', {id: filed.id}), 'ok', 'file-notice');
        fileForm.reset();
        document.getElementById('f-project').value = projectId;
        renderKind();
        renderOwnProjects();
        await loadRequests();
    } catch (e) {
        Console.showFormProblem(fileForm, e, 'file-notice', t('f.invalid'));
    }
}

async function decide(decision) {
    const {t} = Console;
    const {request, project} = chosen;
    Console.clearViolations(decideForm);
    const note = document.getElementById('d-note').value.trim();
    try {
        const decided = (await Console.api('/adjustment-requests/' + request.id + '/' + decision,
            {method: 'POST', body: note ? {note} : {}})).body;
        const key = decision === 'rejection' ? 'd.rejected' : request.kind === 'CANCEL' ? 'd.approvedCancel' : 'd.approved';
        await openRequest(decided.id);
        Console.showNotice(t(key, {id: decided.id, project: project.id}), 'ok', 'decide-notice');
        await loadRequests();
        document.getElementById('d-note').value = '';
    } catch (e) {
        Console.showFormProblem(decideForm, e, 'decide-notice', t('d.invalid'));
    }
}

document.getElementById('f-project').addEventListener('change', renderOwnProjects);
document.getElementById('f-kind').addEventListener('change', renderKind);
statusFilter.addEventListener('change', async () => {
    try {
        await loadRequests();
    } catch (e) {
        Console.showError(e);
    }
});
fileForm.addEventListener('submit', fileRequest);
document.getElementById('approve').addEventListener('click', () => decide('approval'));
document.getElementById('reject').addEventListener('click', () => decide('rejection'));
Console.onLanguage(render);
Console.start('project-service', '/console/adjustments.html', load);
