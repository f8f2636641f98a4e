"""Demo content for Вектор: home page, content pages, news and the methodological library.

Pure data, loaded by the demo-data command. Rich text values are small HTML strings (<p>, <b>, <i>,
<ul>, <li>, <a>); everything else is plain text. Body blocks are ("heading", text),
("paragraph", html) or ("quote", {"text": ..., "author": ...}). The kk and en entries translate the
ru ones block for block; each methodological material is written in one language only. People,
quotes and events are fictional; the figures come from reports of the programmes Вектор serves.
"""

from datetime import date

# The home page, per language.
HOME = {
    "ru": {
        "title": "Вектор добровольчества",
        "intro": (
            "<p>«Вектор» — открытая платформа межрегионального обучения для тех, кто организует "
            "добровольческую деятельность и участвует в ней: координаторов, волонтёров, "
            "региональных тренеров и наставников.</p>"
        ),
        "body": [
            ("heading", "Как проходит обучение"),
            (
                "paragraph",
                "<p>Координаторы и волонтёры проходят дистанционные курсы на русском, казахском "
                "или английском языке в удобном темпе: уроки, тесты и практические задания. "
                "Региональные тренеры проводят вебинары для своих потоков и отмечают "
                "посещаемость, а прогресс каждого слушателя видят он сам и координатор "
                "программы.</p>",
            ),
            (
                "paragraph",
                "<p>Платформа поддерживает и практику после обучения:</p><ul><li>студенты "
                "набирают часы социальной практики и получают социальный кредит;</li>"
                "<li>наставники детей, оставшихся без попечения родителей, проходят отбор и "
                "обучение и ведут журнал встреч;</li><li>за пройденные курсы выдаются "
                "сертификаты, подлинность которых любой может проверить по QR-коду или "
                "номеру.</li></ul>",
            ),
            ("heading", "Межрегиональная сеть"),
            (
                "paragraph",
                "<p>Программы, которые поддерживает «Вектор», объединяют регионы Казахстана, "
                "российских партнёров и коллег из Центральной Азии. Методические материалы "
                "остаются в открытом доступе и после завершения проекта, а сеть организаторов и "
                "координаторов продолжает работать вместе.</p>",
            ),
            (
                "quote",
                {
                    "text": (
                        "После курса я впервые выстроила волонтёрскую службу в нашем центре "
                        "социального обслуживания по плану, а не наугад. Теперь новые координаторы "
                        "учатся у нас."
                    ),
                    "author": "Динара, координатор волонтёрского центра, Костанайская область",
                },
            ),
        ],
    },
    "kk": {
        "title": "Еріктілік векторы",
        "intro": (
            "<p>«Вектор» — волонтерлік қызметті ұйымдастыратын және оған қатысатын адамдарды "
            "өңіраралық оқытуға арналған ашық платформа: мұнда үйлестірушілер, волонтерлер, "
            "өңірлік тренерлер мен тәлімгерлер білім алады.</p>"
        ),
        "body": [
            ("heading", "Оқу қалай өтеді"),
            (
                "paragraph",
                "<p>Үйлестірушілер мен волонтерлер қашықтан оқыту курстарын орыс, қазақ немесе "
                "ағылшын тілінде өздеріне ыңғайлы қарқынмен өтеді: сабақтар, тесттер және "
                "практикалық тапсырмалар. Өңірлік тренерлер өз топтарына вебинар өткізіп, "
                "қатысуды белгілейді, ал әр тыңдаушының үлгерімін оның өзі де, бағдарлама "
                "үйлестірушісі де көреді.</p>",
            ),
            (
                "paragraph",
                "<p>Платформа оқудан кейінгі тәжірибені де қолдайды:</p><ul><li>студенттер "
                "әлеуметтік практика сағаттарын жинап, әлеуметтік кредит алады;</li><li>ата-ана "
                "қамқорлығынсыз қалған балалардың тәлімгерлері іріктеу мен оқудан өтіп, "
                "кездесулер журналын жүргізеді;</li><li>аяқталған курстар үшін сертификат "
                "беріледі, оның түпнұсқалығын кез келген адам QR-код немесе нөмір арқылы тексере "
                "алады.</li></ul>",
            ),
            ("heading", "Өңіраралық желі"),
            (
                "paragraph",
                "<p>«Вектор» қолдайтын бағдарламалар Қазақстан өңірлерін, Ресейдегі серіктестерді "
                "және Орталық Азиядағы әріптестерді біріктіреді. Әдістемелік материалдар жоба "
                "аяқталғаннан кейін де ашық қолжетімді болып қалады, ал ұйымдастырушылар мен "
                "үйлестірушілер желісі бірлескен жұмысын жалғастырады.</p>",
            ),
            (
                "quote",
                {
                    "text": (
                        "Курстан кейін мен алғаш рет әлеуметтік қызмет көрсету орталығымызда "
                        "волонтерлік қызметті кездейсоқ емес, жоспар бойынша құрдым. Енді жаңа "
                        "үйлестірушілер бізден үйренеді."
                    ),
                    "author": "Динара, волонтерлер орталығының үйлестірушісі, Қостанай облысы",
                },
            ),
        ],
    },
    "en": {
        "title": "Vektor: volunteering in motion",
        "intro": (
            "<p>Vektor is an open platform for interregional training of the people who run "
            "volunteering and take part in it: coordinators, volunteers, regional trainers and "
            "mentors.</p>"
        ),
        "body": [
            ("heading", "How learning works"),
            (
                "paragraph",
                "<p>Coordinators and volunteers take remote courses in Russian, Kazakh or English "
                "at their own pace, with lessons, quizzes and practical tasks. Regional trainers "
                "run webinars for their cohorts and mark attendance, and each learner's progress "
                "is visible to the learner and to the programme coordinator.</p>",
            ),
            (
                "paragraph",
                "<p>The platform also supports practice after training:</p><ul><li>students log "
                "hours of social practice and earn social credit;</li><li>mentors of children in "
                "care are screened and trained, and keep a log of their meetings;</li>"
                "<li>completed courses earn certificates that anyone can verify by QR code or "
                "number.</li></ul>",
            ),
            ("heading", "An interregional network"),
            (
                "paragraph",
                "<p>The programmes Vektor supports bring together the regions of Kazakhstan, "
                "partners in Russia and colleagues from Central Asia. Methodological materials "
                "stay openly available after a project ends, and the network of organisers and "
                "coordinators keeps working together.</p>",
            ),
            (
                "quote",
                {
                    "text": (
                        "After the course, for the first time, I set up a volunteer service at our "
                        "social-service centre by plan rather than by guesswork. Now new "
                        "coordinators learn from us."
                    ),
                    "author": "Dinara, coordinator of a volunteer centre, Kostanay Region",
                },
            ),
        ],
    },
}

# Standard content pages shown in the main menu.
PAGES = [
    {
        "slug": "about",
        "ru": {
            "title": "О платформе",
            "intro": (
                "«Вектор» — общее учебное пространство для программ, которые готовят организаторов "
                "и координаторов добровольческой деятельности сразу в нескольких регионах и "
                "странах."
            ),
            "body": [
                ("heading", "Цикл программы"),
                (
                    "paragraph",
                    "<p>Каждая программа проходит четыре этапа:</p><ul><li><b>Обучение.</b> "
                    "Дистанционные курсы для организаторов и координаторов добровольческой "
                    "деятельности и для волонтёров, стажировки и очные практические семинары для "
                    "специалистов из регионов.</li><li><b>Внедрение.</b> СО НКО, а также "
                    "государственные и муниципальные учреждения социального обслуживания создают "
                    "добровольческие службы помощи пожилым людям и детям, получая дистанционные "
                    "консультации и методическую поддержку; ход работы отслеживается.</li>"
                    "<li><b>Межрегиональная практическая конференция.</b> Участники подводят "
                    "итоги, обмениваются опытом с другими регионами и готовят предложения.</li>"
                    "<li><b>Профессиональная сеть.</b> После завершения проекта организаторы и "
                    "координаторы продолжают работать вместе, а методические материалы остаются в "
                    "открытом доступе.</li></ul>",
                ),
                ("heading", "Межрегиональный масштаб"),
                (
                    "paragraph",
                    "<p>Программы, которые поддерживает «Вектор», охватывают все 17 областей "
                    "Казахстана и три города республиканского значения — Астану, Алматы и "
                    "Шымкент, а также российские регионы-партнёры: Республику Карелия, "
                    "Калининградскую область и Санкт-Петербург. Коллеги из Кыргызстана, "
                    "Таджикистана и Узбекистана участвуют в региональных форумах.</p>",
                ),
                (
                    "paragraph",
                    "<p>Масштаб этих программ виден по их отчётам: национальный фронт-офис обучил "
                    "51 регионального координатора из 17 регионов и подготовил 35 региональных "
                    "тренеров, которые провели вебинары для более чем 650 волонтёров. В "
                    "программах наставничества около 1190 наставников прошли обучение, чтобы "
                    "поддержать 1050 детей.</p>",
                ),
                ("heading", "Направления"),
                (
                    "paragraph",
                    "<p>Курсы, проекты и отчёты группируются по направлениям. В Казахстане "
                    "используются семь направлений Года волонтёра:</p><ul><li>«Саулық» — "
                    "здравоохранение и хосписы;</li><li>«Білім» — образование: подготовка к "
                    "экзаменам, языки, компьютерная и правовая грамотность для сельских "
                    "школьников;</li><li>«Сабақтастық» — наставничество детей, оставшихся без "
                    "попечения родителей;</li><li>«Асыл мұра» — сохранение наследия;</li>"
                    "<li>«Таза әлем» — экология;</li><li>«Қамқор» — забота об уязвимых людях;</li>"
                    "<li>«Үміт» — поддержка в трудной жизненной ситуации.</li></ul><p>Также "
                    "используются направления серебряного и корпоративного добровольчества, "
                    "добровольчества в чрезвычайных ситуациях и защиты животных.</p>",
                ),
            ],
        },
        "kk": {
            "title": "Платформа туралы",
            "intro": (
                "«Вектор» — волонтерлік қызметті ұйымдастырушылар мен үйлестірушілерді бірнеше "
                "өңір мен елде бір мезгілде даярлайтын бағдарламаларға арналған ортақ оқу "
                "кеңістігі."
            ),
            "body": [
                ("heading", "Бағдарлама циклі"),
                (
                    "paragraph",
                    "<p>Әр бағдарлама төрт кезеңнен өтеді:</p><ul><li><b>Оқыту.</b> Волонтерлік "
                    "қызметті ұйымдастырушылар мен үйлестірушілерге және волонтерлерге арналған "
                    "қашықтан оқыту курстары, өңірлердегі мамандарға арналған тағылымдамалар мен "
                    "бетпе-бет практикалық семинарлар.</li><li><b>Енгізу.</b> Әлеуметтік "
                    "бағдарланған ҮЕҰ мен мемлекеттік және муниципалдық әлеуметтік қызмет көрсету "
                    "мекемелері қарт адамдар мен балаларға көмектесетін волонтерлік қызметтер "
                    "құрып, қашықтан кеңес пен әдістемелік қолдау алады; жұмыс барысы "
                    "бақыланады.</li><li><b>Өңіраралық практикалық конференция.</b> Қатысушылар "
                    "қорытынды шығарып, басқа өңірлермен тәжірибе алмасады және ұсыныстар "
                    "дайындайды.</li><li><b>Кәсіби желі.</b> Жоба аяқталғаннан кейін "
                    "ұйымдастырушылар мен үйлестірушілер бірлескен жұмысын жалғастырады, ал "
                    "әдістемелік материалдар ашық қолжетімді болып қалады.</li></ul>",
                ),
                ("heading", "Өңіраралық ауқым"),
                (
                    "paragraph",
                    "<p>«Вектор» қолдайтын бағдарламалар Қазақстанның барлық 17 облысын және "
                    "республикалық маңызы бар үш қаланы — Астана, Алматы және Шымкентті, "
                    "сондай-ақ Ресейдегі серіктес өңірлерді: Карелия Республикасын, Калининград "
                    "облысын және Санкт-Петербургті қамтиды. Қырғызстан, Тәжікстан және Өзбекстан "
                    "әріптестері өңірлік форумдарға қатысады.</p>",
                ),
                (
                    "paragraph",
                    "<p>Бұл бағдарламалардың ауқымы олардың есептерінен көрінеді: ұлттық "
                    "фронт-офис 17 өңірден 51 өңірлік үйлестірушіні оқытып, 35 өңірлік тренер "
                    "даярлады, ал тренерлер 650-ден астам волонтерге вебинар өткізді. Тәлімгерлік "
                    "бағдарламаларда 1050 балаға қолдау көрсету үшін 1190-ға жуық тәлімгер оқудан "
                    "өтті.</p>",
                ),
                ("heading", "Бағыттар"),
                (
                    "paragraph",
                    "<p>Курстар, жобалар мен есептер бағыттар бойынша топтастырылады. Қазақстанда "
                    "Волонтер жылының жеті бағыты қолданылады:</p><ul><li>«Саулық» — денсаулық "
                    "сақтау және хоспистер;</li><li>«Білім» — білім беру: емтиханға дайындық, "
                    "тілдер, ауыл оқушыларының компьютерлік және құқықтық сауаттылығы;</li>"
                    "<li>«Сабақтастық» — ата-ана қамқорлығынсыз қалған балаларға тәлімгерлік;</li>"
                    "<li>«Асыл мұра» — мәдени мұраны сақтау;</li><li>«Таза әлем» — экология;</li>"
                    "<li>«Қамқор» — әлеуметтік осал адамдарға қамқорлық;</li><li>«Үміт» — қиын "
                    "өмірлік жағдайдағы адамдарды қолдау.</li></ul><p>Сонымен қатар күміс "
                    "волонтерлік, корпоративтік волонтерлік, төтенше жағдайлардағы волонтерлік "
                    "және жануарларды қорғау бағыттары да қолданылады.</p>",
                ),
            ],
        },
        "en": {
            "title": "About the platform",
            "intro": (
                "Vektor is a shared learning space for programmes that train organisers and "
                "coordinators of volunteering in several regions and countries at once."
            ),
            "body": [
                ("heading", "The programme cycle"),
                (
                    "paragraph",
                    "<p>Each programme goes through four stages:</p><ul><li><b>Training.</b> "
                    "Remote courses for organisers and coordinators of volunteering and for "
                    "volunteers, plus internships and in-person practical seminars for "
                    "specialists from the regions.</li><li><b>Implementation.</b> Socially "
                    "oriented NGOs and state and municipal social-service institutions build "
                    "volunteer services for older people and children, with remote consultations "
                    "and methodological support; progress is monitored.</li><li><b>Interregional "
                    "practical conference.</b> Participants sum up the results, share experience "
                    "with other regions and prepare proposals.</li><li><b>Professional "
                    "network.</b> After the project, organisers and coordinators keep working "
                    "together, and the methodological materials remain openly available.</li></ul>",
                ),
                ("heading", "Interregional scope"),
                (
                    "paragraph",
                    "<p>The programmes Vektor supports cover all 17 regions of Kazakhstan and its "
                    "three cities of republican significance (Astana, Almaty and Shymkent), as "
                    "well as partner regions in Russia: the Republic of Karelia, Kaliningrad "
                    "Oblast and Saint Petersburg. Colleagues from Kyrgyzstan, Tajikistan and "
                    "Uzbekistan join in at regional forums.</p>",
                ),
                (
                    "paragraph",
                    "<p>The reports of these programmes show their scale: a national front office "
                    "trained 51 regional coordinators from 17 regions and prepared 35 regional "
                    "trainers, who ran webinars for more than 650 volunteers. In mentoring "
                    "programmes, about 1,190 mentors were trained to support 1,050 children.</p>",
                ),
                ("heading", "Directions"),
                (
                    "paragraph",
                    "<p>Courses, projects and reports are grouped by direction. Kazakhstan uses "
                    "the seven directions of its Year of the Volunteer:</p><ul><li>SAÝLYQ: health "
                    "care and hospices;</li><li>BILIM: education, including exam preparation, "
                    "languages, and computer and legal literacy for rural pupils;</li>"
                    "<li>SABAQTASTYQ: mentoring children in care;</li><li>ASYL MURA: "
                    "heritage;</li><li>TAZA ÁLEM: the environment;</li><li>QAMQOR: care for "
                    "vulnerable people;</li><li>ÚMIT (hope): support in hard life situations.</li>"
                    "</ul><p>Silver volunteering, corporate volunteering, emergency-response "
                    "volunteering and animal protection are also in use.</p>",
                ),
            ],
        },
    },
    {
        "slug": "join",
        "ru": {
            "title": "Как присоединиться",
            "intro": "С чего начать организации, координатору, волонтёру, студенту и наставнику.",
            "body": [
                ("heading", "Организациям"),
                (
                    "paragraph",
                    "<p>СО НКО и государственные или муниципальные учреждения социального "
                    "обслуживания могут подключиться к программе своего региона. Обратитесь в "
                    "региональный фронт-офис: там помогут зарегистрировать организацию, назначить "
                    "координатора и подобрать курсы для сотрудников и волонтёров. Организация, "
                    "которая принимает студентов, назначает руководителя практики — он "
                    "подтверждает их часы.</p>",
                ),
                ("heading", "Координаторам и волонтёрам"),
                (
                    "paragraph",
                    "<p>Зарегистрируйтесь, укажите регион и язык обучения и выберите курс в "
                    "каталоге. Запишитесь в ближайший поток, проходите уроки и тесты в удобное "
                    "время и участвуйте в вебинарах региональных тренеров. После завершения курса "
                    "вы получите сертификат с QR-кодом, который можно добавить в резюме или "
                    "отправить работодателю.</p>",
                ),
                ("heading", "Студентам"),
                (
                    "paragraph",
                    "<p>Студенты вузов могут проходить социальную практику в государственных "
                    "учреждениях и волонтёрских организациях и получать за неё социальный кредит. "
                    "За год программы засчитывается не более 70 часов. Подтверждённые часы "
                    "обмениваются на ваучеры и академические кредиты:</p><ul><li>20 часов — "
                    "ваучер на 20 000 тенге и 2 академических кредита;</li><li>50 часов — ваучер "
                    "на 50 000 тенге и 5 академических кредитов.</li></ul><p>Выберите место "
                    "практики, отмечайте часы после каждого выхода и дождитесь подтверждения от "
                    "руководителя практики.</p>",
                ),
                ("heading", "Наставникам"),
                (
                    "paragraph",
                    "<p>Наставником ребёнка из детского дома может стать совершеннолетний, "
                    "готовый регулярно встречаться с ребёнком не менее года. Путь наставника: "
                    "анкета и собеседование, проверка документов, обучение, а затем координатор "
                    "программы подбирает пару с учётом интересов ребёнка и наставника. Встречи "
                    "записываются в журнал, а о любой тревожной ситуации наставник сразу сообщает "
                    "координатору.</p>",
                ),
            ],
        },
        "kk": {
            "title": "Қалай қосылуға болады",
            "intro": (
                "Ұйымға, үйлестірушіге, волонтерге, студентке және тәлімгерге неден бастау керек."
            ),
            "body": [
                ("heading", "Ұйымдарға"),
                (
                    "paragraph",
                    "<p>Әлеуметтік бағдарланған ҮЕҰ және мемлекеттік немесе муниципалдық "
                    "әлеуметтік қызмет көрсету мекемелері өз өңіріндегі бағдарламаға қосыла "
                    "алады. Өңірлік фронт-офиске хабарласыңыз: онда ұйымды тіркеуге, үйлестіруші "
                    "тағайындауға және қызметкерлер мен волонтерлерге курс таңдауға көмектеседі. "
                    "Студенттерді қабылдайтын ұйым практика жетекшісін тағайындайды, ол "
                    "студенттердің сағаттарын растайды.</p>",
                ),
                ("heading", "Үйлестірушілер мен волонтерлерге"),
                (
                    "paragraph",
                    "<p>Тіркеліп, өңіріңіз бен оқу тілін көрсетіңіз де, каталогтан курс таңдаңыз. "
                    "Жақын арада басталатын топқа жазылып, сабақтар мен тесттерді өзіңізге "
                    "ыңғайлы уақытта өтіңіз және өңірлік тренерлердің вебинарларына қатысыңыз. "
                    "Курсты аяқтағаннан кейін QR-коды бар сертификат аласыз, оны түйіндемеге "
                    "қосуға немесе жұмыс берушіге жіберуге болады.</p>",
                ),
                ("heading", "Студенттерге"),
                (
                    "paragraph",
                    "<p>Жоғары оқу орындарының студенттері мемлекеттік мекемелер мен волонтерлік "
                    "ұйымдарда әлеуметтік практикадан өтіп, ол үшін әлеуметтік кредит ала алады. "
                    "Бағдарлама жылында ең көбі 70 сағат есептеледі. Расталған сағаттар ваучерге "
                    "және академиялық кредиттерге айырбасталады:</p><ul><li>20 сағат — 20 000 "
                    "теңгелік ваучер және 2 академиялық кредит;</li><li>50 сағат — 50 000 "
                    "теңгелік ваучер және 5 академиялық кредит.</li></ul><p>Практика орнын "
                    "таңдаңыз, әр шығудан кейін сағаттарды белгілеңіз және практика жетекшісінің "
                    "растауын күтіңіз.</p>",
                ),
                ("heading", "Тәлімгерлерге"),
                (
                    "paragraph",
                    "<p>Баламен кемінде бір жыл бойы тұрақты кездесуге дайын кәмелетке толған кез "
                    "келген адам балалар үйіндегі баланың тәлімгері бола алады. Тәлімгердің жолы: "
                    "сауалнама мен әңгімелесу, құжаттарды тексеру, оқу, содан кейін бағдарлама "
                    "үйлестірушісі баланың және тәлімгердің қызығушылықтарын ескеріп, жұп құрады. "
                    "Кездесулер журналға жазылады, ал кез келген алаңдатарлық жағдай туралы "
                    "тәлімгер үйлестірушіге дереу хабарлайды.</p>",
                ),
            ],
        },
        "en": {
            "title": "How to join",
            "intro": (
                "Where to start if you are an organisation, a coordinator, a volunteer, a student "
                "or a mentor."
            ),
            "body": [
                ("heading", "For organisations"),
                (
                    "paragraph",
                    "<p>Socially oriented NGOs and state or municipal social-service institutions "
                    "can join the programme in their region. Contact your regional front office: "
                    "they will help you register your organisation, appoint a coordinator and "
                    "choose courses for staff and volunteers. An organisation that hosts students "
                    "appoints a practice supervisor, who confirms the students' hours.</p>",
                ),
                ("heading", "For coordinators and volunteers"),
                (
                    "paragraph",
                    "<p>Register, choose your region and language of study, and pick a course "
                    "from the catalogue. Enrol in the next cohort, work through the lessons and "
                    "quizzes when it suits you, and join the regional trainers' webinars. When "
                    "you finish the course, you receive a certificate with a QR code that you can "
                    "add to your CV or send to an employer.</p>",
                ),
                ("heading", "For students"),
                (
                    "paragraph",
                    "<p>University students can do social practice at state institutions and "
                    "volunteer organisations and earn social credit for it. Up to 70 hours count "
                    "in a programme year. Confirmed hours are exchanged for vouchers and academic "
                    "credits:</p><ul><li>20 hours: a voucher for 20,000 KZT and 2 academic "
                    "credits;</li><li>50 hours: a voucher for 50,000 KZT and 5 academic "
                    "credits.</li></ul><p>Choose a placement, log your hours after each visit and "
                    "wait for your supervisor to confirm them.</p>",
                ),
                ("heading", "For mentors"),
                (
                    "paragraph",
                    "<p>Any adult who is ready to meet a child from a children's home regularly "
                    "for at least a year can become a mentor. The path is an application form and "
                    "an interview, document checks and training; then the programme coordinator "
                    "matches you with a child, taking the interests of both into account. "
                    "Meetings are recorded in a log, and the mentor reports any worrying "
                    "situation to the coordinator straight away.</p>",
                ),
            ],
        },
    },
]

# The news listing page.
NEWS_INDEX = {
    "slug": "news",
    "ru": {
        "title": "Новости",
        "intro": "События программ, новые потоки курсов и анонсы вебинаров.",
    },
    "kk": {
        "title": "Жаңалықтар",
        "intro": "Бағдарлама оқиғалары, курстардың жаңа топтары және вебинар хабарландырулары.",
    },
    "en": {
        "title": "News",
        "intro": "Programme events, new course cohorts and webinar announcements.",
    },
}

# News items, newest last.
NEWS = [
    {
        "slug": "new-cohort-volunteering-basics",
        "date": date(2026, 8, 17),
        "ru": {
            "title": "Открыт набор в новый поток курса «Основы добровольческой деятельности»",
            "intro": (
                "Осенний поток дистанционного курса для координаторов и волонтёров стартует 14 "
                "сентября."
            ),
            "body": [
                (
                    "paragraph",
                    "<p>Курс рассчитан на шесть недель и доступен на русском и казахском языках. "
                    "Слушатели разберут, как устроена добровольческая деятельность, как работать "
                    "с подопечными и с командой и как соблюдать правила безопасности.</p>",
                ),
                (
                    "paragraph",
                    "<p>Каждую неделю открывается новый модуль с уроками и тестом, а по средам "
                    "региональные тренеры проводят вебинары. Слушатели, успешно завершившие курс, "
                    "получат сертификат с QR-кодом.</p>",
                ),
                ("heading", "Как записаться"),
                (
                    "paragraph",
                    "<p>Запись в каталоге курсов открыта до 10 сентября. Организации могут "
                    "записать всю команду через координатора своего региона.</p>",
                ),
            ],
        },
        "kk": {
            "title": "«Волонтерлік қызмет негіздері» курсының жаңа тобына қабылдау басталды",
            "intro": (
                "Үйлестірушілер мен волонтерлерге арналған қашықтан оқыту курсының күзгі тобы 14 "
                "қыркүйекте басталады."
            ),
            "body": [
                (
                    "paragraph",
                    "<p>Курс алты аптаға арналған және орыс пен қазақ тілдерінде қолжетімді. "
                    "Тыңдаушылар волонтерлік қызметтің қалай ұйымдастырылатынын, көмек "
                    "алушылармен және командамен қалай жұмыс істеу керектігін, қауіпсіздік "
                    "ережелерін қалай сақтау керектігін үйренеді.</p>",
                ),
                (
                    "paragraph",
                    "<p>Әр аптада сабақтары мен тесті бар жаңа модуль ашылады, ал сәрсенбі сайын "
                    "өңірлік тренерлер вебинар өткізеді. Курсты сәтті аяқтаған тыңдаушылар "
                    "QR-коды бар сертификат алады.</p>",
                ),
                ("heading", "Қалай жазылуға болады"),
                (
                    "paragraph",
                    "<p>Курстар каталогында жазылу 10 қыркүйекке дейін ашық. Ұйымдар бүкіл "
                    "командасын өз өңірінің үйлестірушісі арқылы жаза алады.</p>",
                ),
            ],
        },
        "en": {
            "title": "Enrolment opens for a new cohort of “Foundations of Volunteering”",
            "intro": (
                "The autumn cohort of the remote course for coordinators and volunteers starts on "
                "14 September."
            ),
            "body": [
                (
                    "paragraph",
                    "<p>The six-week course is available in Russian and Kazakh. Learners look at "
                    "how volunteering is organised, how to work with the people they help and "
                    "with their team, and how to follow safety rules.</p>",
                ),
                (
                    "paragraph",
                    "<p>Each week a new module with lessons and a quiz opens, and regional "
                    "trainers hold webinars on Wednesdays. Learners who complete the course "
                    "receive a certificate with a QR code.</p>",
                ),
                ("heading", "How to enrol"),
                (
                    "paragraph",
                    "<p>Enrolment in the course catalogue is open until 10 September. "
                    "Organisations can enrol a whole team through the coordinator of their "
                    "region.</p>",
                ),
            ],
        },
    },
    {
        "slug": "kazakh-webinar-series",
        "date": date(2026, 9, 14),
        "ru": {
            "title": "Региональные тренеры начинают серию вебинаров на казахском языке",
            "intro": (
                "Восемь вебинаров для волонтёров пройдут по четвергам с 24 сентября по 12 ноября."
            ),
            "body": [
                (
                    "paragraph",
                    "<p>Вебинары проведут региональные тренеры, прошедшие курс подготовки "
                    "тренеров. Темы серии: первая помощь и безопасность волонтёра, работа с "
                    "пожилыми людьми, помощь детям в учреждениях, экологические акции и "
                    "добровольчество в чрезвычайных ситуациях.</p>",
                ),
                (
                    "quote",
                    {
                        "text": (
                            "Когда говоришь с волонтёрами на родном языке, вопросов становится "
                            "вдвое больше, и это лучший знак."
                        ),
                        "author": "Региональный тренер, Туркестанская область",
                    },
                ),
                (
                    "paragraph",
                    "<p>Участие бесплатное. Записи вебинаров появятся на странице курса, а "
                    "посещение засчитывается в прогресс обучения.</p>",
                ),
            ],
        },
        "kk": {
            "title": "Өңірлік тренерлер қазақ тіліндегі вебинарлар сериясын бастайды",
            "intro": (
                "Волонтерлерге арналған сегіз вебинар 24 қыркүйектен 12 қарашаға дейін бейсенбі "
                "сайын өтеді."
            ),
            "body": [
                (
                    "paragraph",
                    "<p>Вебинарларды тренерлерді даярлау курсынан өткен өңірлік тренерлер "
                    "жүргізеді. Серияның тақырыптары: алғашқы көмек және волонтердің "
                    "қауіпсіздігі, қарт адамдармен жұмыс, мекемелердегі балаларға көмек, "
                    "экологиялық акциялар және төтенше жағдайлардағы волонтерлік.</p>",
                ),
                (
                    "quote",
                    {
                        "text": (
                            "Волонтерлермен ана тілінде сөйлескенде сұрақтар екі есе көбейеді, бұл "
                            "— ең жақсы белгі."
                        ),
                        "author": "Өңірлік тренер, Түркістан облысы",
                    },
                ),
                (
                    "paragraph",
                    "<p>Қатысу тегін. Вебинарлардың жазбалары курс бетінде жарияланады, ал қатысу "
                    "оқу үлгеріміне есептеледі.</p>",
                ),
            ],
        },
        "en": {
            "title": "Regional trainers start a webinar series in Kazakh",
            "intro": (
                "Eight webinars for volunteers will run on Thursdays from 24 September to 12 "
                "November."
            ),
            "body": [
                (
                    "paragraph",
                    "<p>The webinars are led by regional trainers who have completed the "
                    "trainer-training course. Topics include first aid and volunteer safety, "
                    "working with older people, helping children in institutions, environmental "
                    "campaigns and emergency-response volunteering.</p>",
                ),
                (
                    "quote",
                    {
                        "text": (
                            "When you talk to volunteers in their native language, you get twice "
                            "as many questions, and that is the best sign."
                        ),
                        "author": "Regional trainer, Turkistan Region",
                    },
                ),
                (
                    "paragraph",
                    "<p>Participation is free. Recordings will appear on the course page, and "
                    "attendance counts towards each learner's progress.</p>",
                ),
            ],
        },
    },
    {
        "slug": "interregional-conference-announced",
        "date": date(2026, 10, 5),
        "ru": {
            "title": "Объявлена межрегиональная практическая конференция",
            "intro": (
                "Итоговая конференция года пройдёт 10–11 декабря в Астане и онлайн; заявки на "
                "доклады принимаются до 20 ноября."
            ),
            "body": [
                (
                    "paragraph",
                    "<p>Организаторы и координаторы добровольческой деятельности из регионов "
                    "Казахстана и регионов-партнёров расскажут, как создавали добровольческие "
                    "службы в учреждениях социального обслуживания, что получилось и что пришлось "
                    "менять. Конференция открыта и для других регионов.</p>",
                ),
                ("heading", "Секции конференции"),
                (
                    "paragraph",
                    "<p>Работа пройдёт в четырёх секциях:</p><ul><li>добровольческие службы для "
                    "пожилых людей;</li><li>наставничество детей, оставшихся без попечения "
                    "родителей;</li><li>студенческое добровольчество и социальный кредит;</li>"
                    "<li>профессиональная сеть координаторов после завершения проекта.</li></ul>",
                ),
                (
                    "paragraph",
                    "<p>По итогам конференции будут подготовлены предложения для партнёров "
                    "программы, а доклады опубликуют в библиотеке методических материалов.</p>",
                ),
            ],
        },
        "kk": {
            "title": "Өңіраралық практикалық конференция жарияланды",
            "intro": (
                "Жыл қорытындысына арналған конференция 10–11 желтоқсанда Астанада және онлайн "
                "өтеді; баяндамаларға өтінімдер 20 қарашаға дейін қабылданады."
            ),
            "body": [
                (
                    "paragraph",
                    "<p>Қазақстан өңірлері мен серіктес өңірлердің волонтерлік қызметті "
                    "ұйымдастырушылары мен үйлестірушілері әлеуметтік қызмет көрсету "
                    "мекемелерінде волонтерлік қызметтерді қалай құрғанын, не нәтиже бергенін "
                    "және нені өзгертуге тура келгенін айтып береді. Конференция басқа өңірлер "
                    "үшін де ашық.</p>",
                ),
                ("heading", "Конференция секциялары"),
                (
                    "paragraph",
                    "<p>Жұмыс төрт секцияда өтеді:</p><ul><li>қарт адамдарға арналған волонтерлік "
                    "қызметтер;</li><li>ата-ана қамқорлығынсыз қалған балаларға тәлімгерлік;</li>"
                    "<li>студенттік волонтерлік және әлеуметтік кредит;</li><li>жоба аяқталғаннан "
                    "кейінгі үйлестірушілердің кәсіби желісі.</li></ul>",
                ),
                (
                    "paragraph",
                    "<p>Конференция қорытындысы бойынша бағдарлама серіктестеріне ұсыныстар "
                    "дайындалады, ал баяндамалар әдістемелік материалдар кітапханасында "
                    "жарияланады.</p>",
                ),
            ],
        },
        "en": {
            "title": "Interregional practical conference announced",
            "intro": (
                "The end-of-year conference takes place on 10–11 December in Astana and online; "
                "proposals for talks are accepted until 20 November."
            ),
            "body": [
                (
                    "paragraph",
                    "<p>Organisers and coordinators of volunteering from the regions of "
                    "Kazakhstan and from partner regions will share how they set up volunteer "
                    "services in social-service institutions, what worked and what they had to "
                    "change. The conference is also open to other regions.</p>",
                ),
                ("heading", "Conference sections"),
                (
                    "paragraph",
                    "<p>The work will run in four sections:</p><ul><li>volunteer services for "
                    "older people;</li><li>mentoring children in care;</li><li>student "
                    "volunteering and social credit;</li><li>the coordinators' professional "
                    "network after the project ends.</li></ul>",
                ),
                (
                    "paragraph",
                    "<p>After the conference, proposals will be prepared for the programme's "
                    "partners, and the talks will be published in the library of methodological "
                    "materials.</p>",
                ),
            ],
        },
    },
    {
        "slug": "silver-volunteering-course",
        "date": date(2026, 11, 16),
        "ru": {
            "title": "Опубликован курс о серебряном добровольчестве",
            "intro": (
                "Новый дистанционный курс помогает координаторам привлекать и поддерживать "
                "волонтёров старше 55 лет."
            ),
            "body": [
                (
                    "paragraph",
                    "<p>Курс из пяти уроков основан на опыте центров поддержки добровольчества, "
                    "где волонтёры старшего возраста помогают в больницах, библиотеках и "
                    "учреждениях социального обслуживания. Он рассказывает, как найти таких "
                    "волонтёров, подобрать им задачи и сохранить их в команде.</p>",
                ),
                (
                    "paragraph",
                    "<p>Курс доступен на русском, казахском и английском языках. В библиотеке "
                    "материалов есть и пособие на английском языке о работе с волонтёрами "
                    "старшего возраста.</p>",
                ),
            ],
        },
        "kk": {
            "title": "Күміс волонтерлік туралы курс жарияланды",
            "intro": (
                "Жаңа қашықтан оқыту курсы үйлестірушілерге 55 жастан асқан волонтерлерді тартуға "
                "және қолдауға көмектеседі."
            ),
            "body": [
                (
                    "paragraph",
                    "<p>Бес сабақтан тұратын курс волонтерлерді қолдау орталықтарының "
                    "тәжірибесіне негізделген: онда егде жастағы волонтерлер ауруханаларда, "
                    "кітапханаларда және әлеуметтік қызмет көрсету мекемелерінде көмектеседі. "
                    "Курста осындай волонтерлерді қалай табу, оларға лайықты тапсырма таңдау және "
                    "командада сақтап қалу жолдары айтылады.</p>",
                ),
                (
                    "paragraph",
                    "<p>Курс орыс, қазақ және ағылшын тілдерінде қолжетімді. Материалдар "
                    "кітапханасында егде жастағы волонтерлермен жұмыс туралы ағылшын тіліндегі "
                    "әдістемелік құрал да бар.</p>",
                ),
            ],
        },
        "en": {
            "title": "Course on silver volunteering published",
            "intro": (
                "A new remote course helps coordinators attract and support volunteers aged over "
                "55."
            ),
            "body": [
                (
                    "paragraph",
                    "<p>The five-lesson course draws on the experience of volunteer support "
                    "centres where older volunteers help in hospitals, libraries and "
                    "social-service institutions. It explains how to find such volunteers, match "
                    "them with suitable tasks and keep them in the team.</p>",
                ),
                (
                    "paragraph",
                    "<p>The course is available in Russian, Kazakh and English. The materials "
                    "library also holds an English-language handbook on working with older "
                    "volunteers.</p>",
                ),
            ],
        },
    },
]

# The methodological materials library page.
LIBRARY = {
    "slug": "materials",
    "ru": {
        "title": "Методические материалы",
        "intro": (
            "Открытые памятки, пособия и руководства для организаторов, координаторов, волонтёров, "
            "студентов и наставников. Материалы можно свободно скачивать и использовать."
        ),
    },
    "kk": {
        "title": "Әдістемелік материалдар",
        "intro": (
            "Ұйымдастырушыларға, үйлестірушілерге, волонтерлерге, студенттерге және тәлімгерлерге "
            "арналған ашық жадынамалар, құралдар мен нұсқаулықтар. Материалдарды еркін жүктеп "
            "алып, пайдалануға болады."
        ),
    },
    "en": {
        "title": "Methodological materials",
        "intro": (
            "Open memos, guides and handbooks for organisers, coordinators, volunteers, students "
            "and mentors. You are free to download and use them."
        ),
    },
}

# Topics that group the methodological materials.
TOPICS = [
    {
        "slug": "coordination",
        "ru": "Координация добровольческой деятельности",
        "kk": "Волонтерлік қызметті үйлестіру",
        "en": "Coordinating volunteering",
    },
    {
        "slug": "social-institutions",
        "ru": "Добровольческие службы в учреждениях социального обслуживания",
        "kk": "Әлеуметтік қызмет көрсету мекемелеріндегі волонтерлік қызметтер",
        "en": "Volunteer services in social-service institutions",
    },
    {
        "slug": "silver-volunteering",
        "ru": "Серебряное добровольчество",
        "kk": "Күміс волонтерлік",
        "en": "Silver volunteering",
    },
    {
        "slug": "mentoring",
        "ru": "Наставничество детей, оставшихся без попечения родителей",
        "kk": "Ата-ана қамқорлығынсыз қалған балаларға тәлімгерлік",
        "en": "Mentoring children in care",
    },
    {
        "slug": "student-credit",
        "ru": "Социальный студенческий кредит",
        "kk": "Әлеуметтік студенттік кредит",
        "en": "Student social credit",
    },
]

# Methodological materials, each in its own language; the slug is the file name.
MATERIALS = [
    {
        "slug": "coordinator-first-meeting-memo",
        "language": "ru",
        "topic": "coordination",
        "title": "Памятка координатора: первая встреча с волонтёрами",
        "description": (
            "Как подготовить и провести первую встречу с новой группой волонтёров, чтобы люди "
            "поняли задачи и правила и захотели вернуться."
        ),
        "sections": [
            (
                "Подготовка",
                "Заранее разошлите приглашение с адресом, временем и телефоном координатора, а "
                "накануне напомните о встрече. Подготовьте помещение, где можно сесть в круг, чай "
                "и список участников. Продумайте программу на 60–90 минут и договоритесь, кто из "
                "сотрудников учреждения расскажет о подопечных. Распечатайте правила "
                "добровольческой службы и описания ролей или разошлите их заранее.",
            ),
            (
                "Ход встречи",
                "Начните со знакомства: пусть каждый расскажет, почему пришёл и сколько времени "
                "готов уделять. Коротко объясните, кому помогает служба, какие задачи ждут "
                "волонтёров и как устроена обычная неделя. Обсудите правила: конфиденциальность, "
                "безопасность, что делать, если не получается прийти. Оставьте время на вопросы и "
                "не торопите тех, кто пока сомневается.",
            ),
            (
                "Договорённости",
                "В конце встречи согласуйте с каждым следующий шаг: вводный курс на платформе, "
                "дату первого выхода и опытного волонтёра, который будет рядом в первые дни. "
                "Соберите контакты и согласия на обработку персональных данных. Создайте общий "
                "чат группы и назначьте в нём ответственного. Объясните, как отмечать часы и кто "
                "их подтверждает.",
            ),
            (
                "После встречи",
                "В течение двух дней отправьте участникам короткое письмо с итогами, ссылкой на "
                "курс и контактами. Свяжитесь с теми, кто не смог прийти, и предложите другую "
                "дату. Запишите вопросы, которые звучали чаще всего, — это готовые темы для "
                "следующих занятий. Через месяц соберите группу снова, чтобы узнать, что "
                "получается, а что стоит изменить.",
            ),
        ],
    },
    {
        "slug": "volunteer-service-social-institution",
        "language": "ru",
        "topic": "social-institutions",
        "title": "Добровольческая служба в учреждении социального обслуживания: с чего начать",
        "description": (
            "Пошаговый порядок создания добровольческой службы в доме-интернате, центре "
            "социального обслуживания или реабилитационном центре для пожилых людей и детей."
        ),
        "sections": [
            (
                "Решение и ответственный",
                "Служба начинается с приказа руководителя учреждения и назначения координатора "
                "добровольческой деятельности из числа сотрудников. Координатору нужно выделить "
                "рабочее время на эту задачу, а не просто добавить её к прежним обязанностям. "
                "Вместе с руководством определите, в каких отделениях волонтёры нужнее всего и "
                "какие задачи остаются только за персоналом. Заранее согласуйте правила допуска "
                "волонтёров, включая медицинские требования и проверки для работы с детьми.",
            ),
            (
                "Документы и правила",
                "Подготовьте положение о добровольческой службе, описания ролей, форму соглашения "
                "с волонтёром и журнал учёта выходов. Пропишите правила конфиденциальности: "
                "волонтёры не фотографируют получателей услуг и не публикуют сведения о них без "
                "письменного согласия. Определите порядок действий в экстренной ситуации и "
                "доведите его до каждого волонтёра. Документы должны быть короткими: правила, "
                "которые никто не читает, никого не защищают.",
            ),
            (
                "Партнёры и набор",
                "Найти добровольцев помогают СО НКО, ресурсные центры, вузы и колледжи, местные "
                "сообщества и объединения серебряных волонтёров. Договоритесь с партнёрами о "
                "регулярном притоке людей и о том, кто их обучает. Перед первым выходом волонтёр "
                "проходит вводный курс и знакомится с отделением вместе с сотрудником. Первые "
                "выходы лучше проводить в паре с опытным волонтёром.",
            ),
            (
                "Сопровождение и оценка",
                "Раз в месяц собирайте сотрудников и волонтёров, чтобы обсудить трудности и "
                "поблагодарить за работу. Ведите учёт: сколько волонтёров выходило, сколько часов "
                "отработано, сколько подопечных получили помощь. Раз в квартал спрашивайте мнение "
                "самих подопечных и персонала. Если что-то не получается, запросите дистанционную "
                "консультацию у методистов программы.",
            ),
        ],
    },
    {
        "slug": "mentor-first-meetings",
        "language": "kk",
        "topic": "mentoring",
        "title": "Тәлімгердің балалар үйіндегі баламен алғашқы кездесулері",
        "description": (
            "Баламен алғашқы кездесулерге арналған жадынама: қалай дайындалу керек, немен "
            "айналысуға болады және қандай шекараларды сақтау қажет."
        ),
        "sections": [
            (
                "Кездесуге дейін",
                "Баламен алғашқы кездесу бағдарлама үйлестірушісі жұпты бекіткеннен кейін ғана, "
                "мекеме әкімшілігімен келісілген уақытта өтеді. Үйлестірушіден баланың жасы, "
                "қызығушылықтары және кездесулерге қойылатын шектеулер туралы сұраңыз. Баланың "
                "жеке деректері мен отбасы тарихын ешкімге айтпаңыз және әлеуметтік желілерде "
                "жарияламаңыз. Кездесуге қарапайым үстел ойынын немесе сурет салу құралдарын алып "
                "барыңыз, қымбат сыйлық әкелмеңіз.",
            ),
            (
                "Алғашқы кездесулер",
                "Алғашқы кездесулер мекеменің ішінде, тәрбиешілер көріп тұратын жерде өтеді және "
                "бір сағаттан аспағаны жөн. Өзіңізді қысқаша таныстырып, неге келгеніңізді "
                "түсінікті тілмен айтыңыз; баладан сұрақтарға жауап беруді талап етпеңіз. Бала "
                "үндемесе немесе ойнағысы келмесе, бұл — қалыпты жағдай: сенім бірнеше аптада "
                "қалыптасады. Келесі кездесудің күнін нақты айтып, уәдеңізді міндетті түрде "
                "орындаңыз, өйткені мұндай балалар үшін орындалмаған уәде өте ауыр тиеді.",
            ),
            (
                "Қауіпсіздік және шекаралар",
                "Баламен жабық бөлмеде оңаша қалмаңыз, телефон нөміріңізді немесе мекенжайыңызды "
                "бермеңіз және үйлестірушінің рұқсатынсыз баланы мекемеден алып шықпаңыз. Баланы "
                "суретке түсіруге және оның суретін жариялауға болмайды. Ақша бермеңіз және "
                "құпияны сақтаймын деп уәде етпеңіз. Егер бала өзіне қауіп төніп тұрғанын айтса, "
                "бұл туралы үйлестірушіге міндетті түрде хабарлайтыныңызды оған адал түсіндіріңіз.",
            ),
            (
                "Кездесуден кейін",
                "Әр кездесуден кейін сол күні кездесулер журналына қысқа жазба қалдырыңыз: күні, "
                "ұзақтығы, немен айналысқаныңыз және баланың көңіл күйі. Жазбада баланың "
                "аты-жөнін емес, тек бағдарламадағы кодын көрсетіңіз. Сізді алаңдатқан кез келген "
                "жағдай туралы үйлестірушіге сол күні хабарлаңыз. Ай сайынғы супервизияға "
                "қатысыңыз: тәжірибелі тәлімгерлермен әңгіме қиын сәттерден өтуге көмектеседі.",
            ),
        ],
    },
    {
        "slug": "student-practice-hours-guide",
        "language": "kk",
        "topic": "student-credit",
        "title": "Студентке арналған нұсқаулық: практика сағаттарын қалай тіркеу керек",
        "description": (
            "Әлеуметтік студенттік кредит бойынша практика сағаттарын тіркеу, растату және ваучер "
            "алу тәртібі."
        ),
        "sections": [
            (
                "Практика орнын таңдау",
                "Әлеуметтік практиканы мемлекеттік мекемелерде және волонтерлік ұйымдарда өтуге "
                "болады. Платформадағы тізімнен өзіңізге ыңғайлы практика орнын таңдап, өтінім "
                "жіберіңіз. Қабылдаушы ұйым өтінімді мақұлдағаннан кейін сізге практика жетекшісі "
                "бекітіледі. Сағаттарыңызды дәл осы жетекші растайды.",
            ),
            (
                "Сағаттарды тіркеу",
                "Әр шығудан кейін сол күні жазба қосыңыз: күні, басталу және аяқталу уақыты, не "
                "істегеніңіз. Сипаттаманы нақты жазыңыз, мысалы: «Қарттар үйінде үш тұрғынға "
                "кітап оқып бердім», тек «көмектестім» деп қана жазбаңыз. Жолға кеткен уақыт пен "
                "оқу сабақтары практика сағаттарына кірмейді. Бағдарлама жылында ең көбі 70 сағат "
                "есептеледі, одан асқан сағаттар есепке алынбайды.",
            ),
            (
                "Растау",
                "Практика жетекшісі жазбаңызды тексеріп, растайды немесе себебін көрсетіп "
                "қайтарады. Жазба қайтарылса, оны түзетіп, қайта жіберіңіз. Жетекші бір апта "
                "ішінде жауап бермесе, университеттегі жауапты үйлестірушіге хабарласыңыз. Ваучер "
                "мен кредитке тек расталған сағаттар есептеледі.",
            ),
            (
                "Ваучер және академиялық кредиттер",
                "20 расталған сағат үшін 20 000 теңгелік ваучер және 2 академиялық кредит, 50 "
                "сағат үшін 50 000 теңгелік ваучер және 5 академиялық кредит беріледі. Бір "
                "бағдарлама жылында 7 академиялық кредиттен артық алуға болмайды. Ваучер мен "
                "кредиттер туралы анықтаманы жеке кабинеттен жүктеп алып, университетке тапсыруға "
                "болады. Әр құжаттың нөмірі мен QR-коды бар, сондықтан оның түпнұсқалығын кез "
                "келген адам тексере алады.",
            ),
        ],
    },
    {
        "slug": "working-with-older-volunteers",
        "language": "en",
        "topic": "silver-volunteering",
        "title": "Working with older volunteers",
        "description": (
            "How to invite, place and keep volunteers aged 55 and over, and how to make the most "
            "of their experience."
        ),
        "sections": [
            (
                "Why silver volunteering matters",
                "People aged 55 and over bring time, patience and professional experience that "
                "younger teams often lack. Many of them have recently retired and are looking for "
                "a new routine and new company. In social-service institutions they are "
                "especially valuable, because older volunteers often win the trust of residents "
                "quickly. Treat them as partners, not as helpers who need to be kept busy.",
            ),
            (
                "Inviting and placing",
                "Reach older people where they already are: clinics, libraries, veterans' "
                "councils, trade-union groups and former workplaces. Talk about concrete tasks "
                "and a clear weekly commitment rather than about volunteering in general. At the "
                "first interview, ask about their professional background, any health limits and "
                "the hours that suit them. Offer a trial period of two or three visits so that "
                "they can decide without pressure.",
            ),
            (
                "Training and support",
                "Keep training short and practical, and offer it both in person and online. Do "
                "not assume that older volunteers cannot use digital tools, but do not make them "
                "the only way to stay informed; at first, pair a newcomer with someone who can "
                "help with the platform. Agree on one contact person and a simple way to report "
                "an absence. Check in after the first month and adjust the tasks if needed.",
            ),
            (
                "Recognition and keeping people",
                "Older volunteers often stay for years if they feel their experience is valued. "
                "Invite them to mentor newcomers, lead small groups or share professional skills, "
                "for example in legal or financial literacy sessions. Thank people personally and "
                "mark milestones such as a year of service. Ask for their views when you plan "
                "changes to the service.",
            ),
        ],
    },
    {
        "slug": "volunteer-coordinator-handbook",
        "language": "en",
        "topic": "coordination",
        "title": "A volunteer coordinator's handbook: the essentials",
        "description": (
            "A short guide to a coordinator's core tasks, from planning a volunteer service to "
            "reporting its results."
        ),
        "sections": [
            (
                "Plan before you recruit",
                "Start with the needs of the people you serve, not with the number of volunteers "
                "you would like. Describe each volunteer role in a few lines: tasks, time, place, "
                "skills needed and who supervises it. Agree the roles with the managers and staff "
                "of the host organisation, so that everyone knows what volunteers will and will "
                "not do. A clear role description is also your best recruitment text.",
            ),
            (
                "Recruit, screen and train",
                "Use several channels: universities, local media, partner NGOs and word of mouth "
                "from current volunteers. Hold a short interview with everyone, and carry out the "
                "checks the law requires for work with children or vulnerable adults. Before "
                "their first shift, every volunteer should complete an induction course on "
                "safety, confidentiality and the organisation's rules. Record completed courses, "
                "so that certificates and hours are easy to find later.",
            ),
            (
                "Support and keep volunteers",
                "Volunteers stay when they feel useful, informed and noticed. Hold short debriefs "
                "after difficult shifts and regular group meetings, and make sure every volunteer "
                "knows whom to call. Confirm logged hours promptly: delays are a common reason "
                "why students and other volunteers lose motivation. Say thank you often, and say "
                "what exactly you are thankful for.",
            ),
            (
                "Monitor and report",
                "Keep simple records from the start: people reached, active volunteers, hours "
                "given and problems solved. Review the figures every month with your team, broken "
                "down by direction, to see where help is missing. Collect short stories and "
                "feedback alongside the numbers, with the consent of the people involved. Share "
                "the results with volunteers and partners; it shows them that their work matters.",
            ),
        ],
    },
]
