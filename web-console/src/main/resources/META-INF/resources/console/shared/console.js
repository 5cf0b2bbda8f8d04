/*
 * The console's shared script, served by every service from the web-console jar (/console/shared/console.js):
 * who is signed in (the service signed the person in at the identity provider's login page before it served the
 * page, and keeps the session in an HttpOnly cookie the page never reads), the calls to the service's own JSON
 * API with that session (the API's role and object-level checks decide what is shown), Chinese by default with
 * an English switch, problem+json violations shown beside form fields, and a reader of the Server-Sent Events
 * stream over fetch().
 */
const Console = (() => {
    // Sent with every call: a session the service can no longer refresh answers 499 instead of a redirect to the
    // login page that fetch() cannot follow; the page then reloads, and the reload goes through the login.
    const SESSION_HEADERS = {'X-Requested-With': 'JavaScript'};
    const SESSION_EXPIRED = 499;
    const LANG_KEY = 'livelihood.console.lang';
    const SERVICES_KEY = 'livelihood.console.services';
    const DEFAULT_PORTS = {'project-service': 8081, 'progress-service': 8082, 'notification-service': 8083};
    // The path this service is served under: '' on its own port, '/progress' behind the one-host Ingress
    // (deploy/kubernetes, quarkus.http.root-path). The pages live in <base>/console/, so it is read off the page's
    // own address and every call stays relative to where the page came from.
    const BASE_PATH = location.pathname.replace(/\/console\/[^/]*$/, '');

    const dict = {
        zh: {
            'app.title': '民生实事监测',
            'nav.funding-plan': '计划资金（项目库）',
            'nav.registry': '项目与牵头单位',
            'nav.import': '责任表导入',
            'nav.adjustments': '调整申请',
            'nav.funding': '资金看板',
            'nav.reporting': '报送情况',
            'nav.unit': '牵头单位',
            'nav.upload': '表格报送',
            'nav.bulletin': '进度通报',
            'nav.alerts': '预警中心',
            'nav.subscriptions': '预警订阅',
            'signin.button': '登录',
            'signout.button': '退出登录',
            'signin.as': '当前身份：',
            'signin.required': '尚未登录，或本服务未接入统一身份认证。',
            'signin.expired': '登录已失效，请重新登录。',
            'forbidden': '当前身份无权查看此内容。',
            'lang.switch': 'English',
            'loading': '加载中…',
            'error': '出错了',
            'period': '月份',
            'plan-year': '{year}年度',
            'total': '合计',
            'none': '无',
            'unit.yi': '亿元', 'unit.wan': '万元', 'unit.yuan': '元',
            'role.lead-unit': '牵头单位', 'role.planner': '市发展改革委', 'role.supervisor': '督查室',
            'role.dashboard': '看板', 'role.operator': '运维',
            'source.CENTRAL': '中央财政补助', 'source.REGIONAL': '自治区财政补助', 'source.LOCAL': '市和县区投入',
            'timeliness.ON_TIME': '按时', 'timeliness.LATE': '逾期', 'timeliness.MISSING': '未报送',
            'severity.INFO': '提示', 'severity.YELLOW': '黄色', 'severity.RED': '红色',
            'state.OPEN': '未处理', 'state.ACKNOWLEDGED': '已确认', 'state.RESOLVED': '已解决',
            'rule.REMINDER': '报送提醒', 'rule.OVERDUE': '逾期未报', 'rule.SLOW_PROGRESS': '进度滞后',
            'rule.STALLED': '进展停滞', 'rule.REPEAT_LATE': '多次迟报',
            'change.RAISED': '发出', 'change.ESCALATED': '升级', 'change.UPDATED': '更新',
            'change.ACKNOWLEDGED': '确认', 'change.RESOLVED': '解决', 'change.REASSIGNED': '转交',
        },
        en: {
            'app.title': 'Livelihood projects monitor',
            'nav.funding-plan': 'Planned funding (registry)',
            'nav.registry': 'Projects and lead units',
            'nav.import': 'Responsibility table import',
            'nav.adjustments': 'Adjustment requests',
            'nav.funding': 'Funding dashboard',
            'nav.reporting': 'Reporting status',
            'nav.unit': 'Lead unit',
            'nav.upload': 'Spreadsheet upload',
            'nav.bulletin': 'Progress bulletin',
            'nav.alerts': 'Alert console',
            'nav.subscriptions': 'Alert subscriptions',
            'signin.button': 'Sign in',
            'signout.button': 'Sign out',
            'signin.as': 'Signed in as: ',
            'signin.required': 'Not signed in, or this service has no identity provider configured.',
            'signin.expired': 'Your sign-in has ended; sign in again.',
            'forbidden': 'Your role may not see this.',
            'lang.switch': '中文',
            'loading': 'Loading…',
            'error': 'Error',
            'period': 'Month',
            'plan-year': 'Plan year {year}',
            'total': 'Total',
            'none': 'none',
            'unit.yi': '100M yuan', 'unit.wan': '10k yuan', 'unit.yuan': 'yuan',
            'role.lead-unit': 'lead unit', 'role.planner': 'planning office', 'role.supervisor': 'supervision office',
            'role.dashboard': 'dashboard', 'role.operator': 'operator',
            'source.CENTRAL': 'Central government', 'source.REGIONAL': 'Autonomous region', 'source.LOCAL': 'City and counties',
            'timeliness.ON_TIME': 'on time', 'timeliness.LATE': 'late', 'timeliness.MISSING': 'missing',
            'severity.INFO': 'info', 'severity.YELLOW': 'yellow', 'severity.RED': 'red',
            'state.OPEN': 'open', 'state.ACKNOWLEDGED': 'acknowledged', 'state.RESOLVED': 'resolved',
            'rule.REMINDER': 'Reminder', 'rule.OVERDUE': 'Overdue', 'rule.SLOW_PROGRESS': 'Slow progress',
            'rule.STALLED': 'Stalled', 'rule.REPEAT_LATE': 'Repeatedly late',
            'change.RAISED': 'raised', 'change.ESCALATED': 'escalated', 'change.UPDATED': 'updated',
            'change.ACKNOWLEDGED': 'acknowledged', 'change.RESOLVED': 'resolved', 'change.REASSIGNED': 'reassigned',
        },
    };
    const languageListeners = [];

    function addTexts(texts) {
        for (const lang of Object.keys(texts)) {
            Object.assign(dict[lang], texts[lang]);
        }
    }

    function lang() {
        return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
    }

    /** The text for a key in the current language; {name} placeholders are filled from params. */
    function t(key, params) {
        const text = dict[lang()][key] ?? dict.zh[key] ?? key;
        return params ? text.replace(/\{(\w+)\}/g, (m, name) => params[name] ?? m) : text;
    }

    function applyTexts(root = document) {
        document.documentElement.lang = lang() === 'en' ? 'en' : 'zh-CN';
        root.querySelectorAll('[data-i18n]').forEach(e => { e.textContent = t(e.dataset.i18n); });
        root.querySelectorAll('[data-i18n-placeholder]').forEach(e => { e.placeholder = t(e.dataset.i18nPlaceholder); });
        const title = document.querySelector('title[data-i18n-title]');
        if (title) {
            document.title = t(title.dataset.i18nTitle) + ' · ' + t('app.title');
        }
    }

    function setLang(value) {
        localStorage.setItem(LANG_KEY, value);
        applyTexts();
        languageListeners.forEach(listener => listener());
    }

    function onLanguage(listener) {
        languageListeners.push(listener);
    }

    const KNOWN_ROLES = ['supervisor', 'planner', 'lead-unit', 'dashboard', 'operator'];
    let signedIn = null;

    /**
     * Who the page is signed in as (from the service's /console/me, read once at start), to label the page and
     * offer what the role may do; the API checks every call itself. Null before start() has read it.
     */
    function claims() {
        return signedIn;
    }

    async function readSignedIn() {
        const me = (await api('/console/me')).body;
        const role = KNOWN_ROLES.find(r => me.roles.includes(r)) || me.roles[0];
        signedIn = {role, roles: me.roles, unit: me.leadUnit || null, subject: me.subject, name: me.name};
        return signedIn;
    }

    /**
     * What every call of the page sends besides its session cookie: the page's language, so the API's refusals
     * come in the words the page shows (Chinese unless the English switch is on).
     */
    function sessionHeaders(extra = {}) {
        return {...SESSION_HEADERS, 'Accept-Language': lang() === 'en' ? 'en' : 'zh-CN', ...extra};
    }

    /** Reloads the page when the service says the session has ended: the reload signs the person in again. */
    function reloadWhenSessionEnded(response) {
        if (response.status === SESSION_EXPIRED) {
            location.reload();
            throw new ApiError(401, {detail: t('signin.expired')});
        }
    }

    class ApiError extends Error {
        constructor(status, problem) {
            super(problem && (problem.detail || problem.title) || ('HTTP ' + status));
            this.status = status;
            this.problem = problem || {};
        }
    }

    /**
     * For a page whose filters each start a load: a load started while an earlier one is on its way (the reader
     * changed a filter quickly) makes the earlier one stale, and its answer, if it arrives last, must not replace
     * the newest one's. Each call of the function returned begins a load and returns its check: still the newest?
     */
    function newestLoad() {
        let newest = 0;
        return () => {
            const mine = ++newest;
            return () => mine === newest;
        };
    }

    /**
     * Calls this service's API with the page's session; a non-2xx answer becomes an ApiError with its problem+json.
     * options: method, body (sent as JSON; amounts made with exactAmount() go as JSON numbers, digit for digit),
     * file (a File or Blob sent as it is, with headers naming its Content-Type), headers (more request headers).
     */
    async function api(path, options = {}) {
        const headers = sessionHeaders({Accept: 'application/json', ...(options.headers || {})});
        const init = {method: options.method || 'GET', headers, credentials: 'same-origin'};
        if (options.file !== undefined) {
            init.body = options.file;
        } else if (options.body !== undefined) {
            headers['Content-Type'] = 'application/json';
            init.body = JSON.stringify(options.body).replace(EXACT_AMOUNT, '$1');
        }
        const response = await fetch(ownPath(path), init);
        reloadWhenSessionEnded(response);
        const text = await response.text();
        let body = null;
        if (text) {
            try {
                body = JSON.parse(text);
            } catch (e) {
                body = {detail: text};
            }
        }
        if (!response.ok) {
            failed(response.status, body);
        }
        return {status: response.status, body};
    }

    function failed(status, problem) {
        if (status === 401) {
            showNotice(t('signin.expired'), 'error');
        }
        throw new ApiError(status, problem);
    }

    // An exact amount travels as a marked string until JSON.stringify has run, then loses its quotes: the API takes
    // amounts as JSON numbers, and a JavaScript number could not carry every 分 of a large one.
    const AMOUNT_MARK = '\u0001';
    const EXACT_AMOUNT = /"\\u0001(-?\d+(?:\.\d+)?)"/g;

    /** An amount in exact yuan (a decimal string such as wanToYuan gives) to be sent as a JSON number by api(). */
    function exactAmount(yuan) {
        return yuan === null || yuan === undefined ? yuan : AMOUNT_MARK + yuan;
    }

    /** An absolute API path of this service, under the path the service is served from. */
    function ownPath(path) {
        return path.startsWith('/') ? BASE_PATH + path : path;
    }

    /**
     * Where another service's console lives: ?<service>=url if given once; behind the one-host Ingress, the same
     * origin under the service's path (/project, /progress, /notification); else the same host on its usual port.
     */
    function serviceUrl(service) {
        const known = JSON.parse(sessionStorage.getItem(SERVICES_KEY) || '{}');
        if (known[service]) {
            return known[service];
        }
        if (BASE_PATH) {
            return '/' + service.replace(/-service$/, '');
        }
        if (location.port === String(DEFAULT_PORTS[service])) {
            return '';
        }
        return location.protocol + '//' + location.hostname + ':' + DEFAULT_PORTS[service];
    }

    function rememberServiceUrls() {
        const params = new URLSearchParams(location.search);
        const known = JSON.parse(sessionStorage.getItem(SERVICES_KEY) || '{}');
        for (const service of Object.keys(DEFAULT_PORTS)) {
            if (params.get(service)) {
                known[service] = params.get(service).replace(/\/$/, '');
            }
        }
        sessionStorage.setItem(SERVICES_KEY, JSON.stringify(known));
    }

    const NAV = [
        ['project-service', '/console/funding.html', 'nav.funding-plan'],
        ['project-service', '/console/registry.html', 'nav.registry'],
        ['project-service', '/console/import.html', 'nav.import'],
        ['project-service', '/console/adjustments.html', 'nav.adjustments'],
        ['progress-service', '/console/funding.html', 'nav.funding'],
        ['progress-service', '/console/reporting.html', 'nav.reporting'],
        ['progress-service', '/console/unit.html', 'nav.unit'],
        ['progress-service', '/console/upload.html', 'nav.upload'],
        ['progress-service', '/console/bulletin.html', 'nav.bulletin'],
        ['notification-service', '/console/alerts.html', 'nav.alerts'],
        ['notification-service', '/console/subscriptions.html', 'nav.subscriptions'],
    ];

    function el(tag, attributes = {}, ...children) {
        const element = document.createElement(tag);
        for (const [name, value] of Object.entries(attributes)) {
            if (value === null || value === undefined || value === false) {
                continue;
            }
            if (name === 'class') {
                element.className = value;
            } else if (name.startsWith('on')) {
                element.addEventListener(name.substring(2), value);
            } else {
                element.setAttribute(name, value === true ? '' : value);
            }
        }
        for (const child of children.flat()) {
            if (child !== null && child !== undefined && child !== false) {
                element.append(child instanceof Node ? child : String(child));
            }
        }
        return element;
    }

    function renderHeader(service, page) {
        const header = document.getElementById('console-header');
        header.replaceChildren();
        const nav = el('nav', {class: 'console-nav'},
            NAV.map(([s, path, key]) => el('a', {
                href: serviceUrl(s) + path, 'data-i18n': key,
                class: s === service && path === page ? 'current' : null,
            }, t(key))));
        const who = claims();
        const session = who
            ? el('div', {class: 'session'},
                el('span', {id: 'signed-in-as'}, t('signin.as') + (t('role.' + who.role)) + (who.unit ? ' · ' + who.unit : '')
                    + (who.name ? ' · ' + who.name : '')),
                // The service ends its session and the provider's (single sign-on ends for every page), then shows
                // the signed-out page.
                el('a', {id: 'sign-out', class: 'button', href: ownPath('/console/logout')}, t('signout.button')))
            : el('div', {class: 'session'},
                el('a', {id: 'sign-in', class: 'button', href: location.pathname + location.search}, t('signin.button')));
        header.append(
            el('div', {class: 'brand'}, t('app.title')),
            nav,
            session,
            el('button', {id: 'lang-switch', type: 'button', onclick: () => setLang(lang() === 'en' ? 'zh' : 'en')}, t('lang.switch')));
    }

    /** Puts a message in a notice box (the page's own by default); an empty text hides the box. */
    function showNotice(text, kind = 'info', boxId = 'console-notice') {
        const box = document.getElementById(boxId);
        if (!box) {
            return;
        }
        box.textContent = text;
        box.className = 'notice ' + kind;
        box.hidden = !text;
    }

    /** Shows an API error: 401/403 in words, else the problem's detail and each violation. */
    function showError(error) {
        if (error instanceof ApiError) {
            if (error.status === 403) {
                showNotice(t('forbidden') + ' ' + (error.problem.detail || ''), 'error');
                return;
            }
            if (error.status === 401) {
                showNotice(t('signin.expired'), 'error');
                return;
            }
            const violations = (error.problem.violations || []).map(v => v.field + ': ' + v.message).join('; ');
            showNotice(t('error') + ' ' + error.status + ': ' + (error.problem.detail || error.problem.title || '')
                + (violations ? ' (' + violations + ')' : ''), 'error');
            return;
        }
        showNotice(t('error') + ': ' + error.message, 'error');
    }

    /**
     * Shows a failed form submission: each violation beside its field, and in the form's notice box the
     * problem's detail (or, for a 400, the given lead-in) followed by any violation no field claimed.
     */
    function showFormProblem(form, error, boxId, invalidLeadIn) {
        if (!(error instanceof ApiError)) {
            showNotice(t('error') + ': ' + error.message, 'error', boxId);
            return;
        }
        const rest = showViolations(form, error.problem.violations).map(v => v.field + ': ' + v.message).join('; ');
        const head = error.status === 400 && invalidLeadIn ? invalidLeadIn
            : error.status + ' ' + (error.problem.detail || error.problem.title || '');
        showNotice(head + (rest ? ' (' + rest + ')' : ''), 'error', boxId);
    }

    /**
     * Puts each violation next to the field the API named: an element with data-field equal to the name (or to
     * its last segments, since a batch names "report.progressPercent") gets the message after it. Returns the
     * violations no field on the form claimed, so the caller can show them elsewhere.
     */
    function showViolations(form, violations) {
        clearViolations(form);
        const unclaimed = [];
        for (const violation of violations || []) {
            const field = findField(form, violation.field);
            if (!field) {
                unclaimed.push(violation);
                continue;
            }
            field.classList.add('invalid');
            field.setAttribute('aria-invalid', 'true');
            const message = el('div', {class: 'field-error', 'data-error-for': field.dataset.field}, violation.message);
            field.insertAdjacentElement('afterend', message);
        }
        return unclaimed;
    }

    function findField(form, name) {
        if (!name) {
            return null;
        }
        // "difficulties[2]" belongs to the difficulties field; "report.progressPercent" (a batch) to progressPercent.
        const segments = name.replace(/\[\d+\]/g, '').split('.');
        for (let i = 0; i < segments.length; i++) {
            const candidate = segments.slice(i).join('.');
            const field = form.querySelector('[data-field="' + CSS.escape(candidate) + '"]');
            if (field) {
                return field;
            }
        }
        return null;
    }

    function clearViolations(form) {
        form.querySelectorAll('.field-error').forEach(e => e.remove());
        form.querySelectorAll('.invalid').forEach(e => { e.classList.remove('invalid'); e.removeAttribute('aria-invalid'); });
    }

    /**
     * Follows a Server-Sent Events endpoint with the page's session: fetch() and a ReadableStream instead of
     * EventSource, which cannot send headers. Starts after {@code after} (the position a list answer gave) when it
     * is set, else from now on; reconnects with Last-Event-ID after a drop, so nothing is missed or repeated.
     * Returns a function that stops it.
     */
    function followStream(path, onEvent, onState = () => {}, after = null) {
        let lastEventId = after === null || after === undefined ? null : String(after);
        let stopped = false;
        let controller = null;
        async function connect() {
            while (!stopped) {
                controller = new AbortController();
                try {
                    const headers = sessionHeaders({Accept: 'text/event-stream'});
                    if (lastEventId !== null) {
                        headers['Last-Event-ID'] = lastEventId;
                    }
                    const response = await fetch(ownPath(path), {headers, signal: controller.signal, cache: 'no-store', credentials: 'same-origin'});
                    reloadWhenSessionEnded(response);
                    if (!response.ok) {
                        onState('error', response.status);
                        if (response.status === 401 || response.status === 403) {
                            return;
                        }
                    } else {
                        onState('open');
                        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
                        let buffer = '';
                        for (;;) {
                            const {value, done} = await reader.read();
                            if (done) {
                                break;
                            }
                            buffer += value.replace(/\r\n?/g, '\n');
                            let end;
                            while ((end = buffer.indexOf('\n\n')) >= 0) {
                                const block = buffer.substring(0, end);
                                buffer = buffer.substring(end + 2);
                                const event = parseEvent(block);
                                if (event) {
                                    if (event.id !== null) {
                                        lastEventId = event.id;
                                    }
                                    onEvent(event);
                                }
                            }
                        }
                    }
                } catch (e) {
                    if (stopped) {
                        return;
                    }
                }
                onState('closed');
                await new Promise(resolve => setTimeout(resolve, 2000));
            }
        }
        connect();
        return () => { stopped = true; if (controller) { controller.abort(); } };
    }

    function parseEvent(block) {
        let id = null;
        let type = 'message';
        const data = [];
        for (const line of block.split('\n')) {
            if (line.startsWith(':') || !line) {
                continue;
            }
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.substring(0, colon);
            const value = colon < 0 ? '' : line.substring(colon + 1).replace(/^ /, '');
            if (field === 'id') {
                id = value;
            } else if (field === 'event') {
                type = value;
            } else if (field === 'data') {
                data.push(value);
            }
        }
        return data.length ? {id, type, data: data.join('\n')} : null;
    }

    /** An amount in yuan (a number or decimal string, at most two decimals) as a whole number of 分. */
    function yuanToCents(value) {
        const text = String(value).trim();
        const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
        if (!match) {
            return BigInt(Math.round(Number(text) * 100));
        }
        const cents = BigInt(match[2]) * 100n + BigInt((match[3] || '').padEnd(2, '0'));
        return match[1] ? -cents : cents;
    }

    /**
     * What a person typed in 万元 (up to six decimals: 万元 to the 分) as exact yuan, a decimal string the API takes;
     * null for an empty field, undefined for text that is not such a number (the form says so, the API is not asked).
     */
    function wanToYuan(text) {
        const value = String(text ?? '').trim().replace(/[,，\s]/g, '');
        if (value === '') {
            return null;
        }
        const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(value);
        if (!match) {
            return undefined;
        }
        const cents = BigInt(match[1]) * 1000000n + BigInt((match[2] || '').padEnd(6, '0'));
        const yuan = cents / 100n;
        const fen = String(cents % 100n).padStart(2, '0');
        return fen === '00' ? yuan.toString() : yuan + '.' + fen;
    }

    const yuanFormat = new Intl.NumberFormat('en-US', {minimumFractionDigits: 2, maximumFractionDigits: 2});
    const format = {
        /** Exact yuan as the API gives them, with thousands separators. */
        yuan(value) {
            return value === null || value === undefined ? '—' : yuanFormat.format(Number(value));
        },
        /**
         * 万元 (10,000 yuan) with two decimals and separators, the unit government forms use. Rounded from the exact
         * yuan by decimal strings, never through binary fractions; a total is rounded from its exact sum, not summed
         * from rounded parts.
         */
        wan(value) {
            if (value === null || value === undefined || value === '') {
                return '—';
            }
            const cents = yuanToCents(value);
            const negative = cents < 0n;
            const abs = negative ? -cents : cents;
            // 1 万元 = 1,000,000 分; half up to 0.01 万元 (10,000 分).
            const hundredthsOfWan = (abs + 5000n) / 10000n;
            const whole = (hundredthsOfWan / 100n).toLocaleString('en-US');
            const fraction = String(hundredthsOfWan % 100n).padStart(2, '0');
            return (negative && hundredthsOfWan > 0n ? '-' : '') + whole + '.' + fraction;
        },
        /** 亿元 (100,000,000 yuan), the unit the document uses, for charts and headline figures. */
        yi(value) {
            return value === null || value === undefined ? '—' : (Number(value) / 1e8).toFixed(2);
        },
        /** A rate of 0..1 with 4 decimals as a percentage with 2. */
        rate(value) {
            return value === null || value === undefined ? '—' : (Number(value) * 100).toFixed(2) + '%';
        },
        /** An instant in Asia/Shanghai, where every deadline of the plan is set. */
        time(value) {
            if (!value) {
                return '—';
            }
            const parts = new Intl.DateTimeFormat('en-CA', {
                timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
                hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
            }).formatToParts(new Date(value)).reduce((all, p) => ({...all, [p.type]: p.value}), {});
            return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
        },
    };

    /**
     * A grouped bar chart (Apache ECharts, served from the org.mvnpm:echarts jar, never a CDN). Values in
     * yuan are drawn in 亿元 or 万元, whichever suits the largest; the tables beside a chart carry the exact figures.
     */
    function barChart(element, categories, series, options = {}) {
        if (!window.echarts || !element) {
            return;
        }
        const max = Math.max(0, ...series.flatMap(s => s.values.map(v => Number(v) || 0)));
        const [divisor, unit] = options.percent ? [0.01, '%'] : max >= 1e8 ? [1e8, t('unit.yi')] : [1e4, t('unit.wan')];
        const chart = echarts.getInstanceByDom(element) || echarts.init(element);
        chart.setOption({
            animation: false,
            tooltip: {trigger: 'axis'},
            legend: {top: 4},
            grid: {left: 60, right: 20, top: 40, bottom: 90},
            xAxis: {type: 'category', data: categories, axisLabel: {interval: 0, rotate: categories.length > 6 ? 35 : 0}},
            yAxis: {type: 'value', name: unit},
            series: series.map(s => ({
                name: s.name, type: 'bar',
                data: s.values.map(v => v === null || v === undefined ? null : Number((Number(v) / divisor).toFixed(4))),
            })),
        }, true);
        chart.resize();
    }

    let calendar = null;

    /**
     * The service's reporting calendar (GET /reporting-calendar: its plan years, their periods and deadlines, and
     * the period being reported now), read once a page: the months offered are the plan's, never the page's own.
     */
    async function reportingCalendar() {
        if (!calendar) {
            calendar = (await api('/reporting-calendar')).body;
        }
        return calendar;
    }

    /** Every period of every plan year, earliest first. */
    async function planPeriods() {
        return (await reportingCalendar()).planYears.flatMap(y => y.periods.map(p => p.period));
    }

    /** The periods of the plan year that holds the given period (all of the first plan year's when none does). */
    async function periodsOfYearOf(period) {
        const years = (await reportingCalendar()).planYears;
        const year = years.find(y => y.periods.some(p => p.period === period)) || years[0];
        return year ? year.periods.map(p => p.period) : [];
    }

    /**
     * Fills a month choice with the plan years' periods, one group a year, so choosing the month chooses the year.
     * Selects the given period, else the one being reported now by the service's clock, else the first.
     */
    async function periodSelect(select, selected) {
        const {reportingNow, planYears} = await reportingCalendar();
        const all = planYears.flatMap(y => y.periods.map(p => p.period));
        const chosen = all.includes(selected) ? selected : all.includes(reportingNow) ? reportingNow : all[0];
        select.replaceChildren(...planYears.map(y => el('optgroup', {label: t('plan-year', {year: y.year})},
            ...y.periods.map(p => el('option', {value: p.period, selected: p.period === chosen}, p.period)))));
        select.value = chosen || '';
    }

    /**
     * Sets a page up: header, texts, then load() once signed in. load is called again after a language switch,
     * so every figure is redrawn with the new labels.
     */
    async function start(service, page, load) {
        rememberServiceUrls();
        const redraw = () => {
            renderHeader(service, page);
            applyTexts();
        };
        redraw();
        onLanguage(redraw);
        try {
            await readSignedIn();
        } catch (e) {
            showNotice(t('signin.required'), 'info');
            document.querySelectorAll('[data-needs-sign-in]').forEach(element => { element.hidden = true; });
            return;
        }
        redraw();
        showNotice('');
        load();
    }

    /**
     * start() for a page with month choices: fills them from the service's reporting calendar (the address's
     * ?period= first), then loads.
     */
    function startWithPeriods(service, page, selects, load) {
        start(service, page, async () => {
            try {
                const wanted = new URLSearchParams(location.search).get('period');
                for (const select of selects) {
                    await periodSelect(select, wanted);
                }
            } catch (e) {
                showError(e);
                return;
            }
            await load();
        });
    }

    let lastDownloadUrl = null;

    /**
     * Downloads a file of this service's API with the page's session and headers (as api() sends them): fetch, then a blob saved
     * under the name the answer's Content-Disposition gives (else fallbackName). Returns {name, url, blob}; the object
     * URL stays valid until the next download, so a page may offer it again as a link.
     */
    async function downloadFile(path, fallbackName) {
        const response = await fetch(ownPath(path), {credentials: 'same-origin', headers: sessionHeaders()});
        reloadWhenSessionEnded(response);
        if (!response.ok) {
            failed(response.status, await response.json().catch(() => null));
        }
        const blob = await response.blob();
        const name = fileName(response.headers.get('Content-Disposition')) || fallbackName;
        if (lastDownloadUrl) {
            URL.revokeObjectURL(lastDownloadUrl);
        }
        lastDownloadUrl = URL.createObjectURL(blob);
        const link = el('a', {href: lastDownloadUrl, download: name, hidden: true});
        document.body.append(link);
        link.click();
        link.remove();
        return {name, url: lastDownloadUrl, blob};
    }

    /** The file name of a Content-Disposition header: filename*=UTF-8''… (RFC 6266) first, else filename="…". */
    function fileName(disposition) {
        if (!disposition) {
            return null;
        }
        const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
        if (extended) {
            try {
                return decodeURIComponent(extended[1].trim());
            } catch (e) {
                // fall through to the plain name
            }
        }
        const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
        return plain ? plain[1].trim() : null;
    }

    return {
        t, addTexts, lang, setLang, onLanguage, applyTexts, api, ApiError, claims, sessionHeaders, el, start, startWithPeriods, showNotice,
        showError, showFormProblem, showViolations, clearViolations, followStream, format, periodSelect, barChart, serviceUrl,
        reportingCalendar, planPeriods, periodsOfYearOf, wanToYuan, exactAmount, downloadFile, newestLoad,
    };
})();
