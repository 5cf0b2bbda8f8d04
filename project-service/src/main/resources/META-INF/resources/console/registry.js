// The planning office's registry page (项目与牵头单位): a plan year's projects with their lead unit and planned
// money, a form that registers a project or edits one's funding and lead unit, and the lead units, registered
// or renamed. Amounts are shown and typed in 万元; the API takes exact yuan, so what is typed is converted by
// Console.wanToYuan, and text that is no such number is named beside its field without asking the API.
Console.addTexts({
    zh: {
        'page.title': '项目与牵头单位',
        'page.intro': '登记项目、调整计划资金、指定牵头单位，维护牵头单位名录。金额以万元显示和填写（保留两位小数显示）；导出与接口仍为精确到分的元。',
        'h.projects': '项目', 'h.register': '登记项目', 'h.edit': '修改项目 {id}', 'h.units': '牵头单位',
        'year': '年度', 'year.option': '{year}年度', 'filter.programme': '工程', 'filter.all': '全部工程',
        'col.id': '编号', 'col.programme': '工程', 'col.name': '项目名称', 'col.leadUnit': '牵头单位', 'col.status': '状态',
        'col.totalInvestment': '总投资（万元）', 'col.annualPlan': '年度计划（万元）',
        'status.ACTIVE': '实施中', 'status.ADJUSTED': '已调整', 'status.CANCELLED': '已撤销', 'status.COMPLETED': '已完成',
        'category.REGION_ALIGNED': '对应自治区项目', 'category.CITY_SELECTED': '钦州市自选项目',
        'p.id.new': '保存后生成', 'p.category': '类别', 'p.amounts': '金额（万元）', 'p.split': '资金来源（万元）',
        'p.hint': '三项来源之和须等于年度计划，年度计划不得超过总投资。金额可留空，登记后再填。',
        'p.save': '保存', 'p.new': '新项目', 'p.noUnit': '（暂不指定）', 'action.edit': '修改',
        'p.registered': '已登记项目 {id} {name}。', 'p.saved': '已保存项目 {id}。',
        'p.invalid': '项目未保存，请按提示修改：',
        'wan.invalid': '请填写以万元为单位的数字（如 12.5），最多六位小数',
        'wan.required': '填写金额时，总投资、年度计划和三项来源都要填写',
        'u.id': '单位编号', 'u.name': '单位名称', 'u.projects': '项目数', 'u.save': '保存', 'u.new': '新单位',
        'action.rename': '改名',
        'u.registered': '已登记牵头单位 {id} {name}。', 'u.renamed': '已将 {id} 改名为 {name}。',
        'u.invalid': '牵头单位未保存，请按提示修改：',
    },
    en: {
        'page.title': 'Projects and lead units',
        'page.intro': 'Register projects, change their planned funding, assign lead units and keep the list of lead units. Amounts are shown and typed in 万元 (10k yuan, two decimals shown); exports and the API keep exact yuan.',
        'h.projects': 'Projects', 'h.register': 'Register a project', 'h.edit': 'Edit project {id}', 'h.units': 'Lead units',
        'year': 'Plan year', 'year.option': '{year}', 'filter.programme': 'Programme', 'filter.all': 'All programmes',
        'col.id': 'Id', 'col.programme': 'Programme', 'col.name': 'Project', 'col.leadUnit': 'Lead unit', 'col.status': 'Status',
        'col.totalInvestment': 'Total investment (10k yuan)', 'col.annualPlan': 'Annual plan (10k yuan)',
        'status.ACTIVE': 'active', 'status.ADJUSTED': 'adjusted', 'status.CANCELLED': 'cancelled', 'status.COMPLETED': 'completed',
        'category.REGION_ALIGNED': 'Aligned with a region project', 'category.CITY_SELECTED': 'Selected by the city',
        'p.id.new': 'given when saved', 'p.category': 'Category', 'p.amounts': 'Amounts (10k yuan)', 'p.split': 'Funding sources (10k yuan)',
        'p.hint': 'The three sources add up to the annual plan, which may not exceed the total investment. Amounts may be left empty and given later.',
        'p.save': 'Save', 'p.new': 'New project', 'p.noUnit': '(none yet)', 'action.edit': 'Edit',
        'p.registered': 'Project {id} {name} registered.', 'p.saved': 'Project {id} saved.',
        'p.invalid': 'The project was not saved; please correct:',
        'wan.invalid': 'Enter a number of 万元 (10k yuan), e.g. 12.5, with at most six decimals',
        'wan.required': 'To give amounts, give the total, the annual plan and all three sources',
        'u.id': 'Unit id', 'u.name': 'Unit name', 'u.projects': 'Projects', 'u.save': 'Save', 'u.new': 'New unit',
        'action.rename': 'Rename',
        'u.registered': 'Lead unit {id} {name} registered.', 'u.renamed': '{id} renamed to {name}.',
        'u.invalid': 'The lead unit was not saved; please correct:',
    },
});

const yearSelect = document.getElementById('year');
const programmeFilter = document.getElementById('filter-programme');
const projectForm = document.getElementById('project-form');
const unitForm = document.getElementById('unit-form');
const AMOUNT_INPUTS = [['p-total', 'totalInvestment'], ['p-plan', 'annualPlan'], ['p-central', 'split.central'],
    ['p-regional', 'split.regional'], ['p-local', 'split.local']];
let years = [];
let units = [];
let projects = [];
let editing = null;      // the project the form edits; null to register a new one
let renaming = null;     // the lead unit the unit form renames; null to register a new one

function currentYear() {
    return years.find(y => String(y.year) === yearSelect.value);
}

function programmeName(programme) {
    return Console.lang() === 'en' && programme.nameEn ? programme.nameEn : programme.name;
}

function renderFilters() {
    const {el, t} = Console;
    const chosenYear = yearSelect.value;
    yearSelect.replaceChildren(...years.map(y => el('option', {value: y.year, selected: String(y.year) === chosenYear},
        t('year.option', {year: y.year}))));
    const year = currentYear();
    const programmes = year ? year.programmes : [];
    const chosen = programmeFilter.value;
    programmeFilter.replaceChildren(el('option', {value: ''}, t('filter.all')),
        ...programmes.map(p => el('option', {value: p.id, selected: String(p.id) === chosen}, p.id + ' ' + programmeName(p))));
    const formProgramme = document.getElementById('p-programme');
    const formChosen = formProgramme.value;
    formProgramme.replaceChildren(...programmes.map(p => el('option', {value: p.id, selected: String(p.id) === formChosen},
        p.id + ' ' + programmeName(p))));
    const unitChoice = document.getElementById('p-lead-unit');
    const unitChosen = unitChoice.value;
    unitChoice.replaceChildren(el('option', {value: ''}, t('p.noUnit')),
        ...units.map(u => el('option', {value: u.id, selected: u.id === unitChosen}, u.name + '（' + u.id + '）')));
}

function renderProjects() {
    const {el, t, format} = Console;
    const plan = (p, part) => format.wan(p.plan ? p.plan[part] : null);
    document.querySelector('#projects tbody').replaceChildren(...projects.map(p => el('tr', {'data-project': p.id},
        el('td', {}, p.id),
        el('td', {'data-col': 'programme'}, p.programmeId),
        el('td', {class: 'text', 'data-col': 'name'}, p.name),
        el('td', {'data-col': 'leadUnit'}, p.leadUnitName ? p.leadUnitName + '（' + p.leadUnitId + '）' : '—'),
        el('td', {}, el('span', {class: 'badge ' + p.status}, t('status.' + p.status))),
        el('td', {class: 'num', 'data-col': 'totalInvestment'}, format.wan(p.totalInvestment)),
        el('td', {class: 'num', 'data-col': 'annualPlan'}, plan(p, 'annualPlan')),
        el('td', {class: 'num', 'data-col': 'central'}, plan(p, 'central')),
        el('td', {class: 'num', 'data-col': 'regional'}, plan(p, 'regional')),
        el('td', {class: 'num', 'data-col': 'local'}, plan(p, 'local')),
        el('td', {class: 'no-print'}, el('button', {type: 'button', class: 'secondary', 'data-action': 'edit',
            onclick: () => edit(p)}, t('action.edit'))))));
}

function renderUnits() {
    const {el, t} = Console;
    document.querySelector('#lead-units tbody').replaceChildren(...units.map(u => el('tr', {'data-unit': u.id},
        el('td', {}, u.id),
        el('td', {'data-col': 'name'}, u.name),
        el('td', {class: 'num'}, u.projectCount),
        el('td', {class: 'no-print'}, el('button', {type: 'button', class: 'secondary', 'data-action': 'rename',
            onclick: () => rename(u)}, t('action.rename'))))));
}

function renderFormTitle() {
    const title = document.getElementById('project-form-title');
    title.textContent = editing ? Console.t('h.edit', {id: editing.id}) : Console.t('h.register');
}

function render() {
    renderFilters();
    renderProjects();
    renderUnits();
    renderFormTitle();
}

async function loadProjects() {
    const params = new URLSearchParams({size: '500'});
    if (yearSelect.value) {
        params.set('year', yearSelect.value);
    }
    if (programmeFilter.value) {
        params.set('programme', programmeFilter.value);
    }
    projects = (await Console.api('/projects?' + params)).body.items;
    renderProjects();
}

async function loadUnits() {
    units = (await Console.api('/lead-units')).body;
    renderFilters();
    renderUnits();
}

async function load() {
    try {
        years = (await Console.api('/plan-years')).body;
        // Without a choice, the registry's own default: the plan year under way.
        const wanted = new URLSearchParams(location.search).get('year');
        const first = (await Console.api('/projects?size=1' + (wanted ? '&year=' + encodeURIComponent(wanted) : ''))).body;
        yearSelect.value = '';
        renderFilters();
        yearSelect.value = wanted || (first.items[0] ? String(first.items[0].year) : String(years[years.length - 1].year));
        await loadUnits();
        renderFilters();
        await loadProjects();
        renderFormTitle();
    } catch (e) {
        Console.showError(e);
    }
}

function setAmount(id, yuan) {
    // The form shows 万元 exactly (up to six decimals), not rounded: editing a figure must not change it.
    document.getElementById(id).value = yuan === null || yuan === undefined ? '' : yuanToWanText(yuan);
}

/** Exact yuan (at most two decimals) as exact 万元 text, trailing zeros dropped. */
function yuanToWanText(yuan) {
    const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(yuan).trim());
    if (!match) {
        return String(Number(yuan) / 10000);
    }
    const digits = (match[2] + (match[3] || '').padEnd(2, '0')).padStart(7, '0');  // 分, at least 7 digits
    const whole = digits.slice(0, -6).replace(/^0+(?=\d)/, '');
    const fraction = digits.slice(-6).replace(/0+$/, '');
    return match[1] + whole + (fraction ? '.' + fraction : '');
}

function edit(project, keepNotice = false) {
    editing = project;
    Console.clearViolations(projectForm);
    if (!keepNotice) {
        Console.showNotice('', 'info', 'project-notice');
    }
    document.getElementById('p-id').value = project.id;
    document.getElementById('p-programme').value = String(project.programmeId);
    document.getElementById('p-category').value = project.category;
    document.getElementById('p-name').value = project.name;
    document.getElementById('p-lead-unit').value = project.leadUnitId || '';
    // Programme, category and name are fixed once registered; funding and lead unit are what may change.
    ['p-programme', 'p-category', 'p-name'].forEach(id => { document.getElementById(id).disabled = true; });
    setAmount('p-total', project.totalInvestment);
    const plan = project.plan || {};
    setAmount('p-plan', plan.annualPlan);
    setAmount('p-central', plan.central);
    setAmount('p-regional', plan.regional);
    setAmount('p-local', plan.local);
    renderFormTitle();
    projectForm.scrollIntoView();
}

function newProject() {
    editing = null;
    projectForm.reset();
    Console.clearViolations(projectForm);
    Console.showNotice('', 'info', 'project-notice');
    ['p-programme', 'p-category', 'p-name'].forEach(id => { document.getElementById(id).disabled = false; });
    document.getElementById('p-id').value = '';
    renderFormTitle();
}

/**
 * The amounts typed, as exact yuan: null when every field is empty, else {funding} or {violations} for fields
 * that are not numbers of 万元 (or left empty beside filled ones), which the page names without calling the API.
 */
function fundingFromForm() {
    const values = AMOUNT_INPUTS.map(([id, field]) => [field, Console.wanToYuan(document.getElementById(id).value)]);
    if (values.every(([, v]) => v === null)) {
        return null;
    }
    const violations = values.filter(([, v]) => v === undefined).map(([field]) => ({field, message: Console.t('wan.invalid')}))
        .concat(values.filter(([, v]) => v === null).map(([field]) => ({field, message: Console.t('wan.required')})));
    if (violations.length) {
        return {violations};
    }
    const yuan = Object.fromEntries(values);
    return {funding: {totalInvestment: Console.exactAmount(yuan.totalInvestment), annualPlan: Console.exactAmount(yuan.annualPlan),
        split: {central: Console.exactAmount(yuan['split.central']), regional: Console.exactAmount(yuan['split.regional']), local: Console.exactAmount(yuan['split.local'])}}};
}

async function saveProject(event) {
    event.preventDefault();
    const {t} = Console;
    Console.clearViolations(projectForm);
    Console.showNotice('', 'info', 'project-notice');
    const money = fundingFromForm();
    if (money && money.violations) {
        Console.showViolations(projectForm, money.violations);
        Console.showNotice(t('p.invalid'), 'error', 'project-notice');
        return;
    }
    const leadUnitId = document.getElementById('p-lead-unit').value || undefined;
    try {
        let saved;
        if (editing) {
            saved = editing;
            if (money) {
                saved = (await Console.api('/projects/' + encodeURIComponent(editing.id) + '/funding', {method: 'PUT', body: money.funding})).body;
            }
            if (leadUnitId && leadUnitId !== editing.leadUnitId) {
                saved = (await Console.api('/projects/' + encodeURIComponent(editing.id) + '/lead-unit',
                    {method: 'PUT', body: {leadUnitId}})).body;
            }
            Console.showNotice(t('p.saved', {id: saved.id}), 'ok', 'project-notice');
        } else {
            const body = {
                year: Number(yearSelect.value) || undefined,
                programmeId: Number(document.getElementById('p-programme').value) || undefined,
                category: document.getElementById('p-category').value,
                name: document.getElementById('p-name').value.trim() || undefined,
                leadUnitId,
                funding: money ? money.funding : undefined,
            };
            saved = (await Console.api('/projects', {method: 'POST', body})).body;
            Console.showNotice(t('p.registered', {id: saved.id, name: saved.name}), 'ok', 'project-notice');
        }
        await loadProjects();
        await loadUnits();
        edit(projects.find(p => p.id === saved.id) || saved, true);
    } catch (e) {
        Console.showFormProblem(projectForm, e, 'project-notice', t('p.invalid'));
    }
}

function rename(unit) {
    renaming = unit;
    Console.clearViolations(unitForm);
    Console.showNotice('', 'info', 'unit-notice');
    const id = document.getElementById('u-id');
    id.value = unit.id;
    id.readOnly = true;
    document.getElementById('u-name').value = unit.name;
    unitForm.scrollIntoView();
}

function newUnit() {
    renaming = null;
    unitForm.reset();
    document.getElementById('u-id').readOnly = false;
    Console.clearViolations(unitForm);
    Console.showNotice('', 'info', 'unit-notice');
}

async function saveUnit(event) {
    event.preventDefault();
    const {t} = Console;
    Console.clearViolations(unitForm);
    const id = document.getElementById('u-id').value.trim();
    const name = document.getElementById('u-name').value;
    try {
        const saved = renaming
            ? (await Console.api('/lead-units/' + encodeURIComponent(renaming.id), {method: 'PUT', body: {name}})).body
            : (await Console.api('/lead-units', {method: 'POST', body: {id, name}})).body;
        Console.showNotice(t(renaming ? 'u.renamed' : 'u.registered', {id: saved.id, name: saved.name}), 'ok', 'unit-notice');
        newUnitKeepingNotice();
        await loadUnits();
        await loadProjects();
    } catch (e) {
        Console.showFormProblem(unitForm, e, 'unit-notice', t('u.invalid'));
    }
}

function newUnitKeepingNotice() {
    renaming = null;
    unitForm.reset();
    document.getElementById('u-id').readOnly = false;
}

yearSelect.addEventListener('change', async () => {
    programmeFilter.value = '';
    renderFilters();
    try {
        await loadProjects();
    } catch (e) {
        Console.showError(e);
    }
});
programmeFilter.addEventListener('change', async () => {
    try {
        await loadProjects();
    } catch (e) {
        Console.showError(e);
    }
});
projectForm.addEventListener('submit', saveProject);
unitForm.addEventListener('submit', saveUnit);
document.getElementById('new-project').addEventListener('click', newProject);
document.getElementById('new-unit').addEventListener('click', newUnit);
Console.onLanguage(render);
Console.start('project-service', '/console/registry.html', load);
