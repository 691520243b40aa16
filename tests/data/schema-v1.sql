BEGIN TRANSACTION;
CREATE TABLE checklist_item (
	target_id VARCHAR NOT NULL, 
	item_id VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (target_id, item_id), 
	FOREIGN KEY(target_id) REFERENCES target (id)
);
INSERT INTO "checklist_item" VALUES('provincial_characteristic_schools','uestc_zs','電子科技大學中山學院',0);
INSERT INTO "checklist_item" VALUES('provincial_characteristic_schools','zs_polytechnic','中山職業技術學院',1);
INSERT INTO "checklist_item" VALUES('provincial_characteristic_schools','zs_torch_polytechnic','中山火炬職業技術學院',2);
INSERT INTO "checklist_item" VALUES('uestc_zs_key_disciplines','computer_applications','計算機應用技術',0);
INSERT INTO "checklist_item" VALUES('uestc_zs_key_disciplines','electronic_science','電子科學與技術',1);
INSERT INTO "checklist_item" VALUES('uestc_zs_key_disciplines','business_admin','工商管理',2);
INSERT INTO "checklist_item" VALUES('uestc_zs_key_disciplines','materials_science','材料科學與工程',3);
INSERT INTO "checklist_item" VALUES('uestc_zs_key_disciplines','computer_science','計算機科學與技術',4);
INSERT INTO "checklist_item" VALUES('uestc_zs_key_disciplines','control_science','控制科學與工程',5);
INSERT INTO "checklist_item" VALUES('drug_institute_five_ones','institute','中國科學院藥物創新研究院中山研究院',0);
INSERT INTO "checklist_item" VALUES('drug_institute_five_ones','industrial_park','中山新藥創制産業園',1);
INSERT INTO "checklist_item" VALUES('drug_institute_five_ones','pharmacy_school','中國科學院大學藥學院中山學院',2);
INSERT INTO "checklist_item" VALUES('drug_institute_five_ones','public_platform','公共技術平台',3);
INSERT INTO "checklist_item" VALUES('drug_institute_five_ones','industry_fund','生物醫藥産業基金',4);
INSERT INTO "checklist_item" VALUES('ucas_platforms','hitech_public','高新技術公共技術平台',0);
INSERT INTO "checklist_item" VALUES('ucas_platforms','talent','創新創業人才引進與培養平台',1);
INSERT INTO "checklist_item" VALUES('ucas_platforms','incubation','高新技術企業孵化平台',2);
INSERT INTO "checklist_item" VALUES('ucas_platforms','investment','投融資服務平台',3);
INSERT INTO "checklist_item" VALUES('ucas_platforms','ip_services','知識産權服務平台',4);
INSERT INTO "checklist_item" VALUES('ucas_platforms','international','國際合作交流平台',5);
INSERT INTO "checklist_item" VALUES('ucas_platforms','instruments','試驗儀器開放共享平台',6);
INSERT INTO "checklist_item" VALUES('talent_apartments','talent_apartment','精品人才公寓',0);
INSERT INTO "checklist_item" VALUES('talent_apartments','scientist_apartment','科學家公寓',1);
CREATE TABLE load_history (
	id INTEGER NOT NULL, 
	loaded_at DATETIME NOT NULL, 
	path VARCHAR NOT NULL, 
	content_hash VARCHAR NOT NULL, 
	definition_hash VARCHAR NOT NULL, 
	summary VARCHAR NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "load_history" VALUES(1,'2026-11-29 09:27:12.000000','data/plan.yaml','6684d7ece6c8427a146a5032409a2a05118801f1230fa76a680a940ba2f8c820','4ddafb3a642601cfdb32ec93abd7ff99bcff43c46acea69286c4975228966e09','59 measures, 40 targets, 28 units; +40 ~0 -0 targets');
CREATE TABLE measure (
	id VARCHAR NOT NULL, 
	parent_id VARCHAR, 
	level VARCHAR NOT NULL, 
	number VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	text TEXT, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "measure" VALUES('c1',NULL,'chapter','一','總體要求','努力將中山打造成爲粵港澳大灣區國際科技創新中心重要承載區和創新科技成果轉化基地;到2022年引進2家國家重大科技基礎設施,高端創新平台基本建成,在生物醫藥、新一代信息技術、高端裝備制造、光電、新材料等領域形成若幹重大關鍵核心技術突破。',0);
INSERT INTO "measure" VALUES('c2',NULL,'chapter','二','建設高端創新平台,提高科技創新能力',NULL,1);
INSERT INTO "measure" VALUES('c2.1','c2','section','(一)','謀劃建設重大科技基礎設施','積極爭取國家、省重大科技基礎設施落戶中山,大力吸引國內外高校和科研機構共同參與重大科技基礎設施建設。',2);
INSERT INTO "measure" VALUES('c2.2','c2','section','(二)','加快完善實驗室體系建設',NULL,3);
INSERT INTO "measure" VALUES('c2.2.1','c2.2','measure','1.','謀劃建設省實驗室','在生物醫藥、新一代信息技術、光電、新能源方向謀劃建設1家省實驗室;推動省級企業重點實驗室量質齊升。',4);
INSERT INTO "measure" VALUES('c2.2.2','c2.2','measure','2.','推動省級以上工程實驗室增量提質','加大工程實驗室培育力度,在生物醫藥、新一代信息技術、高端裝備制造、光電等領域新建一批高水平工程實驗室。',5);
INSERT INTO "measure" VALUES('c2.2.3','c2.2','measure','3.','共建粵港澳聯合實驗室','加快推進香港大學生物醫藥技術國家重點實驗室—廣東藥科大學分中心建設,爭取引進澳門的國家重點實驗室科研力量到中山建設夥伴實驗室。',6);
INSERT INTO "measure" VALUES('col1','c2.2','column','專欄1','完善實驗室體系建設',NULL,7);
INSERT INTO "measure" VALUES('c2.3','c2','section','(三)','加快提升高校辦學水平',NULL,8);
INSERT INTO "measure" VALUES('c2.3.1','c2.3','measure','1.','積極推進中山科技大學建設','高起點籌劃建設中山科技大學,打造開放型、研究型、創業型高水平大學,采用“學校+重大創新資源”模式開設專業特色學科。',9);
INSERT INTO "measure" VALUES('c2.3.2','c2.3','measure','2.','加快推進與澳門科技大學合作辦學','大力推進澳門科技大學中山辦學項目,爭取納入粵港澳大灣區高等教育合作發展規劃,探索“粵港澳大灣區內地政府+港澳高校”辦學模式。',10);
INSERT INTO "measure" VALUES('c2.3.3','c2.3','measure','3.','加強國際教育合作','推進中山職業技術學院與瑞士洛桑酒店管理學院、電子科技大學中山學院與德國代根多夫應用技術大學和英戈爾施塔特應用技術大學的合作辦學項目。',11);
INSERT INTO "measure" VALUES('c2.3.4','c2.3','measure','4.','培育省特色學校和重點學科','推進省市共建本科高校工作,支持廣東藥科大學中山校區和電子科技大學中山學院引進高端拔尖人才,狠抓重點學科建設。',12);
INSERT INTO "measure" VALUES('col2','c2.3','column','專欄2','高水平大學建設重點工作',NULL,13);
INSERT INTO "measure" VALUES('c2.4','c2','section','(四)','建設高端科研機構',NULL,14);
INSERT INTO "measure" VALUES('c2.4.1','c2.4','measure','1.','引進國內外高校、科研機構等建設重大創新平台','加快推進中科院藥物創新研究院華南分院(中山研究院)、哈工大無人裝備與人工智能創新中心、中國科學院大學創新中心等重大創新平台建設,推動中山複旦聯合創新中心、中山香港科大聯合創新中心、智能移動機器人(中山)研究院(AMR)盡快落地挂牌;支持設立研發總部或區域研發中心。',15);
INSERT INTO "measure" VALUES('c2.4.2','c2.4','measure','2.','加快建設新型研發機構','實施新型研發機構能力提升計劃,重點扶持一批研發能力強、示範效應明顯的機構,鼓勵新型研發機構開展技術轉移轉化、創業孵化等科技服務。',16);
INSERT INTO "measure" VALUES('col3','c2.4','column','專欄3','高端科研機構重點建設任務',NULL,17);
INSERT INTO "measure" VALUES('c3',NULL,'chapter','三','推動産業技術創新,促進高技術産業高質量發展',NULL,18);
INSERT INTO "measure" VALUES('c3.1','c3','section','(一)','建設高水平創新中心','推動建設一批制造業創新中心、技術創新中心、産業創新中心、工業設計中心和現代農業産業科技創新中心等創新載體。',19);
INSERT INTO "measure" VALUES('c3.2','c3','section','(二)','提升工業企業研發機構覆蓋率','鼓勵企業加大研發投入,建設一批企業技術中心、工程技術研究中心、工程實驗室、重點實驗室、企業研究院等研發機構,推動規模以上工業企業普遍建立研發機構。',20);
INSERT INTO "measure" VALUES('c3.3','c3','section','(三)','組織開展重大核心技術攻關和示範應用',NULL,21);
INSERT INTO "measure" VALUES('c3.3.1','c3.3','measure','1.','集中力量開展“卡脖子”關鍵技術攻關','緊扣生物醫藥、新一代信息技術、高端裝備制造、人工智能及傳統優勢産業轉型升級重大需求,探索懸賞揭榜制等新型組織方式,集中力量組織一批“卡脖子”核心技術攻關。',22);
INSERT INTO "measure" VALUES('c3.3.2','c3.3','measure','2.','組織新興産業示範應用工程','編制首台(套)重大技術裝備推廣應用指導目錄;圍繞4K電視網絡應用試點示範城市,建設4K電視示範小區、4K電視示範村。',23);
INSERT INTO "measure" VALUES('c3.4','c3','section','(四)','推動高技術和特色産業集群式發展','優化創新型産業集群布局,推動高技術産業集群發展;鼓勵建設産業共性技術研發基地、産學研創新聯盟、協同創新中心。',24);
INSERT INTO "measure" VALUES('c4',NULL,'chapter','四','完善孵化育成體系,打造創新創業升級版',NULL,25);
INSERT INTO "measure" VALUES('c4.1','c4','section','(一)','加快建設國家自主創新示範區和科技成果轉移轉化示範區',NULL,26);
INSERT INTO "measure" VALUES('c4.1.1','c4.1','measure','1.','推進珠三角(中山)國家自主創新示範區建設','推進國家賦予自創區先行先試政策落地實施,加快複制廣東自貿區改革經驗,推動自創區全面對接大灣區國際科技創新中心建設要求。',27);
INSERT INTO "measure" VALUES('c4.1.2','c4.1','measure','2.','加快建設珠三角(中山)國家科技成果轉移轉化示範區','吸引港澳科技成果到中山轉化産業化;繼續引進建設若幹技術轉移中心;謀劃建設全市性中試熟化成果轉化服務平台;辦好第二屆模式識別和人工智能國際會議等創新成果交流展示平台。',28);
INSERT INTO "measure" VALUES('c4.1.3','c4.1','measure','3.','加快建設中山智能制造服務創新示範區','打造以科技成果轉化應用和産業化融合發展的智能制造服務創新示範區,引進深圳、廣州重大産業園項目,鼓勵高校設置科技成果轉化站。',29);
INSERT INTO "measure" VALUES('c4.2','c4','section','(二)','打造創新創業升級版',NULL,30);
INSERT INTO "measure" VALUES('c4.2.1','c4.2','measure','1.','推動雙創基地建設','推動火炬開發區國家級雙創示範基地、翠亨新區省級雙創示範基地加快建設,依托雙創基地舉辦創新創業賽事及交流平台。',31);
INSERT INTO "measure" VALUES('c4.2.2','c4.2','measure','2.','加強孵化育成體系建設','引導孵化載體向國際化、專業化、鏈條化方向發展,開展孵化器運營評價工作,對各類科技創業孵化載體實行動態管理。',32);
INSERT INTO "measure" VALUES('c4.2.3','c4.2','measure','3.','建設粵港澳青年創新創業基地','重點建設粵澳青年創新創業基地(中山)和澳門中山青年創新創業平台,大力引進港澳創新人才團隊。',33);
INSERT INTO "measure" VALUES('col4','c4.2','column','專欄4','創新創業發展重點項目',NULL,34);
INSERT INTO "measure" VALUES('c4.3','c4','section','(三)','推動高新區和産業創新承載區高質量發展',NULL,35);
INSERT INTO "measure" VALUES('c4.3.1','c4.3','measure','1.','推動火炬開發區高質量發展','完善“一區多園”,強化國家級高新區的創新引領示範作用,打造中山科技體制機制創新先行區、科技金融産業融合創新綜合試驗區。',36);
INSERT INTO "measure" VALUES('c4.3.2','c4.3','measure','2.','加快推動翠亨新區發展','建設翠亨科學城、中山科技大學、中科院藥物創新研究院華南分院(中山研究院)、粵澳全面合作示範區等平台。',37);
INSERT INTO "measure" VALUES('c4.3.3','c4.3','measure','3.','謀劃建設創新集聚區','謀劃建設集孵化、加速及科技服務于一體的科技園區,推動建設創新集聚區。',38);
INSERT INTO "measure" VALUES('c5',NULL,'chapter','五','深化體制機制改革,優化有利于創新的環境',NULL,39);
INSERT INTO "measure" VALUES('c5.1','c5','section','(一)','深化科技體制機制改革','制定出台我市貫徹落實《廣東省人民政府關于進一步促進科技創新的若幹政策措施》的文件,啓動新一輪科技體制機制改革,全面梳理和調整優化現行科技資助政策。',40);
INSERT INTO "measure" VALUES('c5.2','c5','section','(二)','加快打造創新創業人才聚集高地',NULL,41);
INSERT INTO "measure" VALUES('c5.2.1','c5.2','measure','1.','大力引進國內外一流創新人才','修訂人才引進培養辦法,完善柔性引才工作機制,柔性引進院士、國家重大人才工程人才及海外高層次創新人才。',42);
INSERT INTO "measure" VALUES('c5.2.2','c5.2','measure','2.','營造宜居宜業環境','落實粵港澳大灣區個人所得稅優惠政策;制定人才用房支持政策,建設全市集中式精品人才公寓和科學家公寓;完善港澳創新創業人士子女就學政策。',43);
INSERT INTO "measure" VALUES('c5.3','c5','section','(三)','加強知識産權保護和運用',NULL,44);
INSERT INTO "measure" VALUES('c5.3.1','c5.3','measure','1.','加強粵港澳知識産權跨境協作','依托粵港、粵澳及珠三角區域知識産權合作機制,加強與港澳在知識産權執法、保護等領域的合作。',45);
INSERT INTO "measure" VALUES('c5.3.2','c5.3','measure','2.','加大知識産權保護力度','推進建設中山區域知識産權保護中心,支持黃圃家電和大湧紅木家具兩個維權中心開展專利行政執法工作,推進中國中山(燈飾)知識産權快速維權中心升級。',46);
INSERT INTO "measure" VALUES('c5.3.3','c5.3','measure','3.','推動知識産權轉化運用','推進企業知識産權管理規範國家標准認證工作,培育一批國家級、省級知識産權示範和優勢企業。',47);
INSERT INTO "measure" VALUES('c5.4','c5','section','(四)','加強國際科技交流合作',NULL,48);
INSERT INTO "measure" VALUES('c5.4.1','c5.4','measure','1.','面向全球對接高端科技創新資源','深化與世界創新強國的科技合作,加大與世界知名高校、院所聯合辦學力度,面向全球引進高端創新人才。',49);
INSERT INTO "measure" VALUES('c5.4.2','c5.4','measure','2.','支持中山企業“走出去”促創新','鼓勵重點領域創新型企業到港澳及國際創新密集區設立海外研發機構或創新平台。',50);
INSERT INTO "measure" VALUES('c5.5','c5','section','(五)','推動科技金融深度融合',NULL,51);
INSERT INTO "measure" VALUES('c5.5.1','c5.5','measure','1.','加快發展創業投資','發揮中山市創新創業投資引導基金的作用,鼓勵國內外資本參與發展創新基金,促進企業上市上板。',52);
INSERT INTO "measure" VALUES('c5.5.2','c5.5','measure','2.','發展科技信貸和科技保險','實施專利質押融資,完善科技信貸和普惠科技金融體系,發展科技保險。',53);
INSERT INTO "measure" VALUES('c6',NULL,'chapter','六','保障措施',NULL,54);
INSERT INTO "measure" VALUES('c6.1','c6','section','(一)','加強組織領導','在市推進粵港澳大灣區建設領導小組下設國際科技創新中心建設專項小組,由分管科技工作的副市長任組長。',55);
INSERT INTO "measure" VALUES('c6.2','c6','section','(二)','加大政策支持','在高水平大學建設、創新人才培養引進、用地政策等方面爭取支持;創新“三舊”改造實施模式,保障大灣區創新創業用地需求。',56);
INSERT INTO "measure" VALUES('c6.3','c6','section','(三)','強化統籌推進','專項小組制定年度工作要點,任務分解到具體責任部門,定期召開專項小組會議。',57);
INSERT INTO "measure" VALUES('c6.4','c6','section','(四)','加強監督評估','對各項任務和目標推進情況進行跟蹤落實,及時掌握進展情況,並做好年中對賬、年底總結。',58);
CREATE TABLE measure_unit (
	measure_id VARCHAR NOT NULL, 
	unit_id VARCHAR NOT NULL, 
	role VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (measure_id, unit_id), 
	FOREIGN KEY(measure_id) REFERENCES measure (id), 
	FOREIGN KEY(unit_id) REFERENCES unit (id)
);
INSERT INTO "measure_unit" VALUES('c2.1','sci_tech','lead',0);
INSERT INTO "measure_unit" VALUES('c2.1','dev_reform','co',1);
INSERT INTO "measure_unit" VALUES('c2.1','cuiheng','co',2);
INSERT INTO "measure_unit" VALUES('c2.2.1','sci_tech','lead',0);
INSERT INTO "measure_unit" VALUES('c2.2.2','dev_reform','lead',0);
INSERT INTO "measure_unit" VALUES('c2.2.3','sci_tech','lead',0);
INSERT INTO "measure_unit" VALUES('c2.2.3','edu_sports','co',1);
INSERT INTO "measure_unit" VALUES('c2.2.3','torch','co',2);
INSERT INTO "measure_unit" VALUES('c2.3.1','edu_sports','lead',0);
INSERT INTO "measure_unit" VALUES('c2.3.1','towns_related','co',1);
INSERT INTO "measure_unit" VALUES('c2.3.2','edu_sports','lead',0);
INSERT INTO "measure_unit" VALUES('c2.3.2','united_front','co',1);
INSERT INTO "measure_unit" VALUES('c2.3.2','banfu','co',2);
INSERT INTO "measure_unit" VALUES('c2.3.3','edu_sports','lead',0);
INSERT INTO "measure_unit" VALUES('c2.3.3','towns_related','co',1);
INSERT INTO "measure_unit" VALUES('c2.3.4','edu_sports','lead',0);
INSERT INTO "measure_unit" VALUES('c2.4.1','sci_tech','lead',0);
INSERT INTO "measure_unit" VALUES('c2.4.1','industry_it','co',1);
INSERT INTO "measure_unit" VALUES('c2.4.1','dev_reform','co',2);
INSERT INTO "measure_unit" VALUES('c2.4.2','sci_tech','lead',0);
INSERT INTO "measure_unit" VALUES('c3.1','industry_it','lead',0);
INSERT INTO "measure_unit" VALUES('c3.1','sci_tech','co',1);
INSERT INTO "measure_unit" VALUES('c3.1','dev_reform','co',2);
INSERT INTO "measure_unit" VALUES('c3.1','agriculture','co',3);
INSERT INTO "measure_unit" VALUES('c3.2','sci_tech','lead',0);
INSERT INTO "measure_unit" VALUES('c3.2','dev_reform','co',1);
INSERT INTO "measure_unit" VALUES('c3.2','industry_it','co',2);
INSERT INTO "measure_unit" VALUES('c3.3.1','sci_tech','lead',0);
INSERT INTO "measure_unit" VALUES('c3.3.1','dev_reform','co',1);
INSERT INTO "measure_unit" VALUES('c3.3.1','industry_it','co',2);
INSERT INTO "measure_unit" VALUES('c3.3.1','health','co',3);
INSERT INTO "measure_unit" VALUES('c3.3.2','industry_it','lead',0);
INSERT INTO "measure_unit" VALUES('c3.4','sci_tech','lead',0);
INSERT INTO "measure_unit" VALUES('c3.4','industry_it','co',1);
INSERT INTO "measure_unit" VALUES('c3.4','dev_reform','co',2);
INSERT INTO "measure_unit" VALUES('c4.1.1','torch','lead',0);
INSERT INTO "measure_unit" VALUES('c4.1.1','sci_tech','co',1);
INSERT INTO "measure_unit" VALUES('c4.1.2','sci_tech','lead',0);
INSERT INTO "measure_unit" VALUES('c4.1.2','sci_assoc','co',1);
INSERT INTO "measure_unit" VALUES('c4.1.2','foreign_affairs','co',2);
INSERT INTO "measure_unit" VALUES('c4.1.2','united_front','co',3);
INSERT INTO "measure_unit" VALUES('c4.1.3','industry_it','lead',0);
INSERT INTO "measure_unit" VALUES('c4.1.3','sci_tech','co',1);
INSERT INTO "measure_unit" VALUES('c4.2.1','dev_reform','lead',0);
INSERT INTO "measure_unit" VALUES('c4.2.1','sci_tech','co',1);
INSERT INTO "measure_unit" VALUES('c4.2.1','hr_social','co',2);
INSERT INTO "measure_unit" VALUES('c4.2.1','youth_league','co',3);
INSERT INTO "measure_unit" VALUES('c4.2.1','torch','co',4);
INSERT INTO "measure_unit" VALUES('c4.2.1','cuiheng','co',5);
INSERT INTO "measure_unit" VALUES('c4.2.2','sci_tech','lead',0);
INSERT INTO "measure_unit" VALUES('c4.2.3','hr_social','lead',0);
INSERT INTO "measure_unit" VALUES('c4.2.3','sci_tech','co',1);
INSERT INTO "measure_unit" VALUES('c4.2.3','united_front','co',2);
INSERT INTO "measure_unit" VALUES('c4.2.3','torch','co',3);
INSERT INTO "measure_unit" VALUES('c4.2.3','cuiheng','co',4);
INSERT INTO "measure_unit" VALUES('c4.2.3','towns_all','co',5);
INSERT INTO "measure_unit" VALUES('c4.3.1','torch','lead',0);
INSERT INTO "measure_unit" VALUES('c4.3.1','sci_tech','co',1);
INSERT INTO "measure_unit" VALUES('c4.3.2','cuiheng','lead',0);
INSERT INTO "measure_unit" VALUES('c4.3.2','industry_it','co',1);
INSERT INTO "measure_unit" VALUES('c4.3.2','dev_reform','co',2);
INSERT INTO "measure_unit" VALUES('c4.3.2','sci_tech','co',3);
INSERT INTO "measure_unit" VALUES('c4.3.2','edu_sports','co',4);
INSERT INTO "measure_unit" VALUES('c4.3.3','sci_tech','lead',0);
INSERT INTO "measure_unit" VALUES('c4.3.3','towns_related','co',1);
INSERT INTO "measure_unit" VALUES('c5.1','sci_tech','lead',0);
INSERT INTO "measure_unit" VALUES('c5.1','organisation','co',1);
INSERT INTO "measure_unit" VALUES('c5.1','finance','co',2);
INSERT INTO "measure_unit" VALUES('c5.1','hr_social','co',3);
INSERT INTO "measure_unit" VALUES('c5.1','natural_resources','co',4);
INSERT INTO "measure_unit" VALUES('c5.1','market_reg','co',5);
INSERT INTO "measure_unit" VALUES('c5.1','tax','co',6);
INSERT INTO "measure_unit" VALUES('c5.1','customs','co',7);
INSERT INTO "measure_unit" VALUES('c5.2.1','organisation','lead',0);
INSERT INTO "measure_unit" VALUES('c5.2.1','hr_social','co',1);
INSERT INTO "measure_unit" VALUES('c5.2.1','sci_tech','co',2);
INSERT INTO "measure_unit" VALUES('c5.2.2','organisation','lead',0);
INSERT INTO "measure_unit" VALUES('c5.2.2','sci_tech','co',1);
INSERT INTO "measure_unit" VALUES('c5.2.2','hr_social','co',2);
INSERT INTO "measure_unit" VALUES('c5.2.2','edu_sports','co',3);
INSERT INTO "measure_unit" VALUES('c5.2.2','finance','co',4);
INSERT INTO "measure_unit" VALUES('c5.2.2','housing','co',5);
INSERT INTO "measure_unit" VALUES('c5.2.2','tax','co',6);
INSERT INTO "measure_unit" VALUES('c5.3.1','market_reg','lead',0);
INSERT INTO "measure_unit" VALUES('c5.3.1','court','co',1);
INSERT INTO "measure_unit" VALUES('c5.3.2','market_reg','lead',0);
INSERT INTO "measure_unit" VALUES('c5.3.2','court','co',1);
INSERT INTO "measure_unit" VALUES('c5.3.2','customs','co',2);
INSERT INTO "measure_unit" VALUES('c5.3.3','market_reg','lead',0);
INSERT INTO "measure_unit" VALUES('c5.4.1','sci_tech','lead',0);
INSERT INTO "measure_unit" VALUES('c5.4.1','commerce','co',1);
INSERT INTO "measure_unit" VALUES('c5.4.1','dev_reform','co',2);
INSERT INTO "measure_unit" VALUES('c5.4.1','industry_it','co',3);
INSERT INTO "measure_unit" VALUES('c5.4.1','hr_social','co',4);
INSERT INTO "measure_unit" VALUES('c5.4.1','edu_sports','co',5);
INSERT INTO "measure_unit" VALUES('c5.4.1','foreign_affairs','co',6);
INSERT INTO "measure_unit" VALUES('c5.4.1','organisation','co',7);
INSERT INTO "measure_unit" VALUES('c5.4.1','united_front','co',8);
INSERT INTO "measure_unit" VALUES('c5.4.2','sci_tech','lead',0);
INSERT INTO "measure_unit" VALUES('c5.4.2','commerce','co',1);
INSERT INTO "measure_unit" VALUES('c5.4.2','foreign_affairs','co',2);
INSERT INTO "measure_unit" VALUES('c5.4.2','united_front','co',3);
INSERT INTO "measure_unit" VALUES('c5.5.1','sci_tech','lead',0);
INSERT INTO "measure_unit" VALUES('c5.5.1','financial_affairs','co',1);
INSERT INTO "measure_unit" VALUES('c5.5.2','sci_tech','lead',0);
INSERT INTO "measure_unit" VALUES('c5.5.2','market_reg','co',1);
INSERT INTO "measure_unit" VALUES('c5.5.2','pboc_zs','co',2);
INSERT INTO "measure_unit" VALUES('c5.5.2','cbirc_zs','co',3);
CREATE TABLE "plan" (
	id VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	issuer VARCHAR NOT NULL, 
	issued DATE NOT NULL, 
	source_url VARCHAR NOT NULL, 
	horizon_start DATE NOT NULL, 
	horizon_end DATE NOT NULL, 
	vision_year INTEGER NOT NULL, 
	vision_text TEXT NOT NULL, 
	definition_hash VARCHAR NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "plan" VALUES('zs-gba-itic-2019','中山市推進粵港澳大灣區國際科技創新中心建設專項行動計劃','中山市人民政府','2019-09-30','http://zwgk.zs.gov.cn/main/zwgk/newsview/index.action?id=542482','2019-09-30','2022-12-31',2035,'到2035年,中山市形成完備的創新平台載體、創新人才、創新機制和創新環境,成爲全球知名的大灣區國際科技創新中心重要承載區和創新科技成果轉化基地。','4ddafb3a642601cfdb32ec93abd7ff99bcff43c46acea69286c4975228966e09');
CREATE TABLE progress_entry (
	id INTEGER NOT NULL, 
	target_id VARCHAR NOT NULL, 
	value FLOAT NOT NULL, 
	item_id VARCHAR, 
	as_of DATE NOT NULL, 
	recorded_at DATETIME NOT NULL, 
	recorded_by VARCHAR NOT NULL, 
	note TEXT, 
	source TEXT, 
	kind VARCHAR NOT NULL, 
	supersedes INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(target_id) REFERENCES target (id)
);
INSERT INTO "progress_entry" VALUES(1,'torch_national_incubators',3.0,NULL,'2021-06-30','2026-11-29 09:27:13.000000','analyst',NULL,'火炬區函〔2021〕12號','log',NULL);
INSERT INTO "progress_entry" VALUES(2,'ucas_teams',12.0,NULL,'2021-03-31','2026-11-29 09:27:14.000000','root','首批',NULL,'log',NULL);
INSERT INTO "progress_entry" VALUES(3,'drug_institute_five_ones',1.0,'industrial_park','2020-12-01','2026-11-29 09:27:15.000000','root',NULL,NULL,'log',NULL);
INSERT INTO "progress_entry" VALUES(4,'second_prai_conference',1.0,NULL,'2020-11-30','2026-11-29 09:27:15.000000','root',NULL,NULL,'log',NULL);
INSERT INTO "progress_entry" VALUES(5,'hit_research_staff',30.0,NULL,'2021-06-30','2026-11-29 09:27:16.000000','root',NULL,NULL,'log',NULL);
CREATE TABLE target (
	id VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	measure_id VARCHAR NOT NULL, 
	stated_in VARCHAR, 
	category VARCHAR NOT NULL, 
	unit VARCHAR NOT NULL, 
	kind VARCHAR NOT NULL, 
	comparator VARCHAR, 
	value FLOAT, 
	min_value FLOAT, 
	max_value FLOAT, 
	per_year FLOAT, 
	years VARCHAR, 
	deadline DATE NOT NULL, 
	deadline_inferred BOOLEAN NOT NULL, 
	baseline_value FLOAT NOT NULL, 
	baseline_date DATE NOT NULL, 
	progress VARCHAR NOT NULL, 
	strength VARCHAR NOT NULL, 
	source_text TEXT NOT NULL, 
	note TEXT, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(measure_id) REFERENCES measure (id)
);
INSERT INTO "target" VALUES('national_major_facilities','引進國家重大科技基礎設施','c2.1','c1','infrastructure','家','number','at_least',2.0,NULL,NULL,NULL,NULL,'2022-12-31',0,0.0,'2019-09-30','flow','expected','到2022年,引進2家國家重大科技基礎設施,與著名高校院所共建的高端創新平台基本建成,湧現出一批創新能力突出的科技企業,在生物醫藥、新一代信息技術、高端裝備制造、光電、新材料等領域形成若幹重大關鍵核心技術突破,中山翠亨科學城、創新集聚區建設全面推進,加快火炬開發區全市創新發展主引擎、翠亨新區參與粵港澳大灣區建設主陣地的建設,適宜創新創業的環境基本形成。',NULL,0);
INSERT INTO "target" VALUES('provincial_lab','省實驗室','c2.2.1','col1','lab','家','number','at_least',1.0,NULL,NULL,NULL,NULL,'2022-12-31',1,0.0,'2019-09-30','stock','aspirational','謀劃建設1家省實驗室:結合中山重點發展的生物醫藥、新一代信息技術、光電、新能源等領域,整合市內優質創新資源,力爭布局建設1家省實驗室,打造全鏈條、一體化、綜合交叉融合的國際高水平實驗室。',NULL,1);
INSERT INTO "target" VALUES('engineering_labs_yearly','每年新增省級以上工程實驗室','c2.2.2','col1','lab','家','per_year','at_least',NULL,NULL,NULL,1.0,'2020,2021,2022','2022-12-31',1,0.0,'2019-09-30','flow','aspirational','建設省級以上工程實驗室:按照“重組一批、提升一批、新建一批”的思路,穩步提升發展省級以上工程實驗室、重點實驗室,力爭每年新增1家省級以上工程實驗室。','每年 is read as each full calendar year of the horizon after the issue date (2020–2022).',2);
INSERT INTO "target" VALUES('hku_lab_branch','生物醫藥國家重點實驗室廣東藥科大學分中心','c2.2.3','col1','lab','家','milestone','at_least',NULL,NULL,NULL,NULL,NULL,'2022-12-31',1,0.0,'2019-09-30','stock','expected','建設粵港澳聯合實驗室:建設生物醫藥國家重點實驗室廣東藥科大學分中心,按照國家重點實驗室相關標准進行建設,吸引香港大學生物醫藥人才到中山進行創新研發。',NULL,3);
INSERT INTO "target" VALUES('zs_sci_tech_university','中山科技大學','c2.3.1','col2','university','所','milestone','at_least',NULL,NULL,NULL,NULL,NULL,'2022-12-31',1,0.0,'2019-09-30','stock','expected','高水平研究型大學:重點推進中山科技大學建設,立足理工學科,兼顧文商學科,涵蓋本科、研究生教育,打造省市共建的省屬高水平研究型大學。',NULL,4);
INSERT INTO "target" VALUES('xiangshan_university','香山大學(澳門科技大學中山合作辦學)','c2.3.2','col2','university','所','milestone','at_least',NULL,NULL,NULL,NULL,NULL,'2022-12-31',1,0.0,'2019-09-30','stock','expected','推動與澳門科技大學合作辦學:引進澳門科技大學在中山市板芙鎮合作辦學建設香山大學,積極爭取教育部賦予澳門科技大學先行先試政策。',NULL,5);
INSERT INTO "target" VALUES('sino_swiss_hotel_college','廣東中瑞酒店管理職業學院','c2.3.3','col2','university','所','milestone','at_least',NULL,NULL,NULL,NULL,NULL,'2022-12-31',1,0.0,'2019-09-30','stock','expected','加強職業教育國際合作:中山職業技術學院與洛桑酒店管理學院合作建設廣東中瑞酒店管理職業學院,擬選址三角迪茵湖。',NULL,6);
INSERT INTO "target" VALUES('sino_german_engineering_college','電子科技大學中山學院中德工程學院','c2.3.3','col2','university','所','milestone','at_least',NULL,NULL,NULL,NULL,NULL,'2022-12-31',1,0.0,'2019-09-30','stock','expected','電子科技大學中山學院與德國代根多夫應用技術大學、英戈爾施塔特應用技術大學合作建設電子科技大學中山學院中德工程學院,初步選址港口理工學校。',NULL,7);
INSERT INTO "target" VALUES('provincial_characteristic_schools','省特色學校','c2.3.4','col2','university','所','checklist','at_least',NULL,NULL,NULL,NULL,NULL,'2022-12-31',1,0.0,'2019-09-30','flow','expected','省特色學校和重點學科:電子科技大學中山學院、中山職業技術學院、中山火炬職業技術學院,電子科技大學中山學院的計算機應用技術、電子科學與技術、工商管理、材料科學與工程、計算機科學與技術和控制科學與工程等重點學科。',NULL,8);
INSERT INTO "target" VALUES('uestc_zs_key_disciplines','電子科技大學中山學院重點學科','c2.3.4','col2','discipline','個','checklist','at_least',NULL,NULL,NULL,NULL,NULL,'2022-12-31',1,0.0,'2019-09-30','flow','expected','省特色學校和重點學科:電子科技大學中山學院、中山職業技術學院、中山火炬職業技術學院,電子科技大學中山學院的計算機應用技術、電子科學與技術、工商管理、材料科學與工程、計算機科學與技術和控制科學與工程等重點學科。',NULL,9);
INSERT INTO "target" VALUES('drug_institute_five_ones','中科院藥物創新研究院中山研究院“五個一”','c2.4.1','col3','institution','個','checklist','at_least',NULL,NULL,NULL,NULL,NULL,'2022-12-31',0,0.0,'2019-09-30','flow','aspirational','中科院藥物創新研究院中山研究院:中山市政府與中國科學院上海藥物研究所合作建設的科研機構,力爭到2022年完成“五個一”的建設目標,即:一個中國科學院藥物創新研究院中山研究院;一個中山新藥創制産業園;一個中國科學院大學藥學院中山學院;一個公共技術平台;一個生物醫藥産業基金。',NULL,10);
INSERT INTO "target" VALUES('hit_academicians','哈工大無人裝備與人工智能創新中心引進院士或諾貝爾獎得主','c2.4.1','col3','talent','名','number','at_least',2.0,NULL,NULL,NULL,NULL,'2022-12-31',0,0.0,'2019-09-30','flow','expected','到2022年,引進2名院士或諾貝爾獎得主,專職科研團隊50人以上,建設2家省級以上創新平台或分支機構。',NULL,11);
INSERT INTO "target" VALUES('hit_research_staff','哈工大無人裝備與人工智能創新中心專職科研團隊','c2.4.1','col3','talent','人','number','at_least',50.0,NULL,NULL,NULL,NULL,'2022-12-31',0,0.0,'2019-09-30','stock','expected','到2022年,引進2名院士或諾貝爾獎得主,專職科研團隊50人以上,建設2家省級以上創新平台或分支機構。',NULL,12);
INSERT INTO "target" VALUES('hit_platforms','哈工大無人裝備與人工智能創新中心省級以上創新平台或分支機構','c2.4.1','col3','platform','家','number','at_least',2.0,NULL,NULL,NULL,NULL,'2022-12-31',0,0.0,'2019-09-30','stock','expected','到2022年,引進2名院士或諾貝爾獎得主,專職科研團隊50人以上,建設2家省級以上創新平台或分支機構。',NULL,13);
INSERT INTO "target" VALUES('ucas_platforms','中國科學院大學(中山)創新中心七個平台','c2.4.1','col3','platform','個','checklist','at_least',NULL,NULL,NULL,NULL,NULL,'2022-12-31',1,0.0,'2019-09-30','flow','expected','中國科學院大學(中山)創新中心:中山市政府與中國科學院大學合作建設的科研創新機構,建設高新技術公共技術平台、創新創業人才引進與培養平台、高新技術企業孵化平台、投融資服務平台、知識産權服務平台、國際合作交流平台、試驗儀器開放共享平台。',NULL,14);
INSERT INTO "target" VALUES('ucas_teams','中國科學院大學(中山)創新中心引進創新團隊','c2.4.1','col3','team','個','number','at_least',50.0,NULL,NULL,NULL,NULL,'2022-12-31',0,0.0,'2019-09-30','flow','expected','到2022年,引進50個以上創新團隊,突破50項以上關鍵技術。',NULL,15);
INSERT INTO "target" VALUES('ucas_key_technologies','中國科學院大學(中山)創新中心突破關鍵技術','c2.4.1','col3','technology','項','number','at_least',50.0,NULL,NULL,NULL,NULL,'2022-12-31',0,0.0,'2019-09-30','flow','expected','到2022年,引進50個以上創新團隊,突破50項以上關鍵技術。',NULL,16);
INSERT INTO "target" VALUES('fudan_key_technologies','中山複旦聯合創新中心突破關鍵技術','c2.4.1','col3','technology','項','number','at_least',30.0,NULL,NULL,NULL,NULL,'2022-12-31',0,0.0,'2019-09-30','flow','expected','到2022年,突破30項以上關鍵技術,引進研發人才累計60人。',NULL,17);
INSERT INTO "target" VALUES('fudan_researchers','中山複旦聯合創新中心引進研發人才','c2.4.1','col3','talent','人','number','at_least',60.0,NULL,NULL,NULL,NULL,'2022-12-31',0,0.0,'2019-09-30','flow','expected','到2022年,突破30項以上關鍵技術,引進研發人才累計60人。','累計 (cumulative) — each log adds the researchers introduced since the last one.',18);
INSERT INTO "target" VALUES('hkust_teams','中山香港科大聯合創新中心引進創新團隊','c2.4.1','col3','team','個','number','at_least',10.0,NULL,NULL,NULL,NULL,'2022-12-31',0,0.0,'2019-09-30','flow','expected','到2022年,引進10個以上創新團隊,科技成果轉化10項以上。',NULL,19);
INSERT INTO "target" VALUES('hkust_transfers','中山香港科大聯合創新中心科技成果轉化','c2.4.1','col3','transfer','項','number','at_least',10.0,NULL,NULL,NULL,NULL,'2022-12-31',0,0.0,'2019-09-30','flow','expected','到2022年,引進10個以上創新團隊,科技成果轉化10項以上。',NULL,20);
INSERT INTO "target" VALUES('amr_researchers','智能移動機器人(中山)研究院引進研發人才','c2.4.1','col3','talent','人','number','at_least',50.0,NULL,NULL,NULL,NULL,'2022-12-31',0,0.0,'2019-09-30','flow','expected','到2022年,引進研發人才50人,突破30項以上關鍵技術。',NULL,21);
INSERT INTO "target" VALUES('amr_key_technologies','智能移動機器人(中山)研究院突破關鍵技術','c2.4.1','col3','technology','項','number','at_least',30.0,NULL,NULL,NULL,NULL,'2022-12-31',0,0.0,'2019-09-30','flow','expected','到2022年,引進研發人才50人,突破30項以上關鍵技術。',NULL,22);
INSERT INTO "target" VALUES('fudan_centre_unveiled','中山複旦聯合創新中心落地挂牌','c2.4.1',NULL,'institution','家','milestone','at_least',NULL,NULL,NULL,NULL,NULL,'2022-12-31',1,0.0,'2019-09-30','stock','expected','加快推進中科院藥物創新研究院華南分院(中山研究院)、哈工大無人裝備與人工智能創新中心、中國科學院大學創新中心等重大創新平台建設,推動中山複旦聯合創新中心、中山香港科大聯合創新中心、智能移動機器人(中山)研究院(AMR)盡快落地挂牌。',NULL,23);
INSERT INTO "target" VALUES('hkust_centre_unveiled','中山香港科大聯合創新中心落地挂牌','c2.4.1',NULL,'institution','家','milestone','at_least',NULL,NULL,NULL,NULL,NULL,'2022-12-31',1,0.0,'2019-09-30','stock','expected','加快推進中科院藥物創新研究院華南分院(中山研究院)、哈工大無人裝備與人工智能創新中心、中國科學院大學創新中心等重大創新平台建設,推動中山複旦聯合創新中心、中山香港科大聯合創新中心、智能移動機器人(中山)研究院(AMR)盡快落地挂牌。',NULL,24);
INSERT INTO "target" VALUES('amr_institute_unveiled','智能移動機器人(中山)研究院(AMR)落地挂牌','c2.4.1',NULL,'institution','家','milestone','at_least',NULL,NULL,NULL,NULL,NULL,'2022-12-31',1,0.0,'2019-09-30','stock','expected','加快推進中科院藥物創新研究院華南分院(中山研究院)、哈工大無人裝備與人工智能創新中心、中國科學院大學創新中心等重大創新平台建設,推動中山複旦聯合創新中心、中山香港科大聯合創新中心、智能移動機器人(中山)研究院(AMR)盡快落地挂牌。',NULL,25);
INSERT INTO "target" VALUES('first_set_equipment_catalogue','首台(套)重大技術裝備推廣應用指導目錄','c3.3.2',NULL,'policy','項','milestone','at_least',NULL,NULL,NULL,NULL,NULL,'2022-12-31',1,0.0,'2019-09-30','stock','expected','編制首台(套)重大技術裝備推廣應用指導目錄,鼓勵企業研究開發創新産品。',NULL,26);
INSERT INTO "target" VALUES('pilot_scale_platform','全市性中試熟化成果轉化服務平台','c4.1.2',NULL,'platform','個','milestone','at_least',NULL,NULL,NULL,NULL,NULL,'2022-12-31',1,0.0,'2019-09-30','stock','aspirational','謀劃建設全市性中試熟化成果轉化服務平台,研究出台促進技術交易和科技服務業發展的政策措施,推動一批契合中山發展需要的科技項目落地産業化。','The plan says 謀劃建設 (plan to build); recorded as aspirational.',27);
INSERT INTO "target" VALUES('second_prai_conference','第二屆模式識別和人工智能國際會議','c4.1.2',NULL,'event','屆','milestone','at_least',NULL,NULL,NULL,NULL,NULL,'2022-12-31',1,0.0,'2019-09-30','stock','expected','辦好第二屆模式識別和人工智能國際會議等創新成果交流展示平台。',NULL,28);
INSERT INTO "target" VALUES('torch_national_incubators','火炬開發區國家級科技企業孵化器','c4.2.1','col4','incubator','家','number','at_least',4.0,NULL,NULL,NULL,NULL,'2022-12-31',0,0.0,'2019-09-30','stock','expected','火炬開發區國家級雙創示範基地:到2022年建成國家級科技企業孵化器4家。',NULL,29);
INSERT INTO "target" VALUES('cuiheng_public_platforms','翠亨新區各類創新創業公共平台','c4.2.1','col4','platform','家','number','at_least',5.0,NULL,NULL,NULL,NULL,'2022-12-31',0,0.0,'2019-09-30','stock','expected','翠亨新區省級雙創示範基地:到2022年,建設各類創新創業公共平台5家,新型研發機構2家,高層次創新團隊2個,培育2-3家10億元規模以上的骨幹企業。',NULL,30);
INSERT INTO "target" VALUES('cuiheng_new_rd_institutions','翠亨新區新型研發機構','c4.2.1','col4','institution','家','number','at_least',2.0,NULL,NULL,NULL,NULL,'2022-12-31',0,0.0,'2019-09-30','stock','expected','翠亨新區省級雙創示範基地:到2022年,建設各類創新創業公共平台5家,新型研發機構2家,高層次創新團隊2個,培育2-3家10億元規模以上的骨幹企業。',NULL,31);
INSERT INTO "target" VALUES('cuiheng_high_level_teams','翠亨新區高層次創新團隊','c4.2.1','col4','team','個','number','at_least',2.0,NULL,NULL,NULL,NULL,'2022-12-31',0,0.0,'2019-09-30','stock','expected','翠亨新區省級雙創示範基地:到2022年,建設各類創新創業公共平台5家,新型研發機構2家,高層次創新團隊2個,培育2-3家10億元規模以上的骨幹企業。',NULL,32);
INSERT INTO "target" VALUES('cuiheng_backbone_enterprises','翠亨新區10億元規模以上骨幹企業','c4.2.1','col4','enterprise','家','range','at_least',NULL,2.0,3.0,NULL,NULL,'2022-12-31',0,0.0,'2019-09-30','stock','expected','翠亨新區省級雙創示範基地:到2022年,建設各類創新創業公共平台5家,新型研發機構2家,高層次創新團隊2個,培育2-3家10億元規模以上的骨幹企業。',NULL,33);
INSERT INTO "target" VALUES('gd_macao_youth_base','粵澳青年創新創業基地(中山)','c4.2.3','col4','base','個','milestone','at_least',NULL,NULL,NULL,NULL,NULL,'2022-12-31',1,0.0,'2019-09-30','stock','expected','港澳青年創新創業基地:粵澳青年創新創業基地(中山)、澳門中山青年創新創業平台。',NULL,34);
INSERT INTO "target" VALUES('macao_zs_youth_platform','澳門中山青年創新創業平台','c4.2.3','col4','base','個','milestone','at_least',NULL,NULL,NULL,NULL,NULL,'2022-12-31',1,0.0,'2019-09-30','stock','expected','港澳青年創新創業基地:粵澳青年創新創業基地(中山)、澳門中山青年創新創業平台。',NULL,35);
INSERT INTO "target" VALUES('innovation_policy_document','貫徹落實省促進科技創新若幹政策措施的文件','c5.1',NULL,'policy','項','milestone','at_least',NULL,NULL,NULL,NULL,NULL,'2022-12-31',1,0.0,'2019-09-30','stock','expected','加強科技創新政策頂層設計,制定出台我市貫徹落實《廣東省人民政府關于進一步促進科技創新的若幹政策措施》的文件,強化科技領域“放管服”改革,打造柔性、高效、動態、負責任的科研管理機制,抓好落實省在科研經費和科技項目管理、人才引進、知識産權、用地保障、稅收補貼、樣品樣本跨境使用、成果轉化收益分配等方面的改革舉措,全力打造優越創新環境。',NULL,36);
INSERT INTO "target" VALUES('talent_apartments','全市集中式精品人才公寓和科學家公寓','c5.2.2',NULL,'infrastructure','個','checklist','at_least',NULL,NULL,NULL,NULL,NULL,'2022-12-31',1,0.0,'2019-09-30','flow','expected','制定出台人才用房相關支持政策,建設全市集中式精品人才公寓和科學家公寓。',NULL,37);
INSERT INTO "target" VALUES('ip_protection_centre','中山區域知識産權保護中心','c5.3.2',NULL,'platform','個','milestone','at_least',NULL,NULL,NULL,NULL,NULL,'2022-12-31',1,0.0,'2019-09-30','stock','expected','完善知識産權快速維權機制,推進建設中山區域知識産權保護中心,支持黃圃家電和大湧紅木家具兩個維權中心開展專利行政執法工作,推進中國中山(燈飾)知識産權快速維權中心升級。',NULL,38);
INSERT INTO "target" VALUES('lighting_ip_centre_upgrade','中國中山(燈飾)知識産權快速維權中心升級','c5.3.2',NULL,'platform','個','milestone','at_least',NULL,NULL,NULL,NULL,NULL,'2022-12-31',1,0.0,'2019-09-30','stock','expected','完善知識産權快速維權機制,推進建設中山區域知識産權保護中心,支持黃圃家電和大湧紅木家具兩個維權中心開展專利行政執法工作,推進中國中山(燈飾)知識産權快速維權中心升級。',NULL,39);
CREATE TABLE target_unit (
	target_id VARCHAR NOT NULL, 
	unit_id VARCHAR NOT NULL, 
	role VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (target_id, unit_id), 
	FOREIGN KEY(target_id) REFERENCES target (id), 
	FOREIGN KEY(unit_id) REFERENCES unit (id)
);
INSERT INTO "target_unit" VALUES('national_major_facilities','sci_tech','lead',0);
INSERT INTO "target_unit" VALUES('national_major_facilities','dev_reform','co',1);
INSERT INTO "target_unit" VALUES('national_major_facilities','cuiheng','co',2);
INSERT INTO "target_unit" VALUES('provincial_lab','sci_tech','lead',0);
INSERT INTO "target_unit" VALUES('engineering_labs_yearly','dev_reform','lead',0);
INSERT INTO "target_unit" VALUES('hku_lab_branch','sci_tech','lead',0);
INSERT INTO "target_unit" VALUES('hku_lab_branch','edu_sports','co',1);
INSERT INTO "target_unit" VALUES('hku_lab_branch','torch','co',2);
INSERT INTO "target_unit" VALUES('zs_sci_tech_university','edu_sports','lead',0);
INSERT INTO "target_unit" VALUES('zs_sci_tech_university','towns_related','co',1);
INSERT INTO "target_unit" VALUES('xiangshan_university','edu_sports','lead',0);
INSERT INTO "target_unit" VALUES('xiangshan_university','united_front','co',1);
INSERT INTO "target_unit" VALUES('xiangshan_university','banfu','co',2);
INSERT INTO "target_unit" VALUES('sino_swiss_hotel_college','edu_sports','lead',0);
INSERT INTO "target_unit" VALUES('sino_swiss_hotel_college','towns_related','co',1);
INSERT INTO "target_unit" VALUES('sino_german_engineering_college','edu_sports','lead',0);
INSERT INTO "target_unit" VALUES('sino_german_engineering_college','towns_related','co',1);
INSERT INTO "target_unit" VALUES('provincial_characteristic_schools','edu_sports','lead',0);
INSERT INTO "target_unit" VALUES('uestc_zs_key_disciplines','edu_sports','lead',0);
INSERT INTO "target_unit" VALUES('drug_institute_five_ones','sci_tech','lead',0);
INSERT INTO "target_unit" VALUES('drug_institute_five_ones','industry_it','co',1);
INSERT INTO "target_unit" VALUES('drug_institute_five_ones','dev_reform','co',2);
INSERT INTO "target_unit" VALUES('hit_academicians','sci_tech','lead',0);
INSERT INTO "target_unit" VALUES('hit_academicians','industry_it','co',1);
INSERT INTO "target_unit" VALUES('hit_academicians','dev_reform','co',2);
INSERT INTO "target_unit" VALUES('hit_research_staff','sci_tech','lead',0);
INSERT INTO "target_unit" VALUES('hit_research_staff','industry_it','co',1);
INSERT INTO "target_unit" VALUES('hit_research_staff','dev_reform','co',2);
INSERT INTO "target_unit" VALUES('hit_platforms','sci_tech','lead',0);
INSERT INTO "target_unit" VALUES('hit_platforms','industry_it','co',1);
INSERT INTO "target_unit" VALUES('hit_platforms','dev_reform','co',2);
INSERT INTO "target_unit" VALUES('ucas_platforms','sci_tech','lead',0);
INSERT INTO "target_unit" VALUES('ucas_platforms','industry_it','co',1);
INSERT INTO "target_unit" VALUES('ucas_platforms','dev_reform','co',2);
INSERT INTO "target_unit" VALUES('ucas_teams','sci_tech','lead',0);
INSERT INTO "target_unit" VALUES('ucas_teams','industry_it','co',1);
INSERT INTO "target_unit" VALUES('ucas_teams','dev_reform','co',2);
INSERT INTO "target_unit" VALUES('ucas_key_technologies','sci_tech','lead',0);
INSERT INTO "target_unit" VALUES('ucas_key_technologies','industry_it','co',1);
INSERT INTO "target_unit" VALUES('ucas_key_technologies','dev_reform','co',2);
INSERT INTO "target_unit" VALUES('fudan_key_technologies','sci_tech','lead',0);
INSERT INTO "target_unit" VALUES('fudan_key_technologies','industry_it','co',1);
INSERT INTO "target_unit" VALUES('fudan_key_technologies','dev_reform','co',2);
INSERT INTO "target_unit" VALUES('fudan_researchers','sci_tech','lead',0);
INSERT INTO "target_unit" VALUES('fudan_researchers','industry_it','co',1);
INSERT INTO "target_unit" VALUES('fudan_researchers','dev_reform','co',2);
INSERT INTO "target_unit" VALUES('hkust_teams','sci_tech','lead',0);
INSERT INTO "target_unit" VALUES('hkust_teams','industry_it','co',1);
INSERT INTO "target_unit" VALUES('hkust_teams','dev_reform','co',2);
INSERT INTO "target_unit" VALUES('hkust_transfers','sci_tech','lead',0);
INSERT INTO "target_unit" VALUES('hkust_transfers','industry_it','co',1);
INSERT INTO "target_unit" VALUES('hkust_transfers','dev_reform','co',2);
INSERT INTO "target_unit" VALUES('amr_researchers','sci_tech','lead',0);
INSERT INTO "target_unit" VALUES('amr_researchers','industry_it','co',1);
INSERT INTO "target_unit" VALUES('amr_researchers','dev_reform','co',2);
INSERT INTO "target_unit" VALUES('amr_key_technologies','sci_tech','lead',0);
INSERT INTO "target_unit" VALUES('amr_key_technologies','industry_it','co',1);
INSERT INTO "target_unit" VALUES('amr_key_technologies','dev_reform','co',2);
INSERT INTO "target_unit" VALUES('fudan_centre_unveiled','sci_tech','lead',0);
INSERT INTO "target_unit" VALUES('fudan_centre_unveiled','industry_it','co',1);
INSERT INTO "target_unit" VALUES('fudan_centre_unveiled','dev_reform','co',2);
INSERT INTO "target_unit" VALUES('hkust_centre_unveiled','sci_tech','lead',0);
INSERT INTO "target_unit" VALUES('hkust_centre_unveiled','industry_it','co',1);
INSERT INTO "target_unit" VALUES('hkust_centre_unveiled','dev_reform','co',2);
INSERT INTO "target_unit" VALUES('amr_institute_unveiled','sci_tech','lead',0);
INSERT INTO "target_unit" VALUES('amr_institute_unveiled','industry_it','co',1);
INSERT INTO "target_unit" VALUES('amr_institute_unveiled','dev_reform','co',2);
INSERT INTO "target_unit" VALUES('first_set_equipment_catalogue','industry_it','lead',0);
INSERT INTO "target_unit" VALUES('pilot_scale_platform','sci_tech','lead',0);
INSERT INTO "target_unit" VALUES('pilot_scale_platform','sci_assoc','co',1);
INSERT INTO "target_unit" VALUES('pilot_scale_platform','foreign_affairs','co',2);
INSERT INTO "target_unit" VALUES('pilot_scale_platform','united_front','co',3);
INSERT INTO "target_unit" VALUES('second_prai_conference','sci_tech','lead',0);
INSERT INTO "target_unit" VALUES('second_prai_conference','sci_assoc','co',1);
INSERT INTO "target_unit" VALUES('second_prai_conference','foreign_affairs','co',2);
INSERT INTO "target_unit" VALUES('second_prai_conference','united_front','co',3);
INSERT INTO "target_unit" VALUES('torch_national_incubators','dev_reform','lead',0);
INSERT INTO "target_unit" VALUES('torch_national_incubators','sci_tech','co',1);
INSERT INTO "target_unit" VALUES('torch_national_incubators','hr_social','co',2);
INSERT INTO "target_unit" VALUES('torch_national_incubators','youth_league','co',3);
INSERT INTO "target_unit" VALUES('torch_national_incubators','torch','co',4);
INSERT INTO "target_unit" VALUES('torch_national_incubators','cuiheng','co',5);
INSERT INTO "target_unit" VALUES('cuiheng_public_platforms','dev_reform','lead',0);
INSERT INTO "target_unit" VALUES('cuiheng_public_platforms','sci_tech','co',1);
INSERT INTO "target_unit" VALUES('cuiheng_public_platforms','hr_social','co',2);
INSERT INTO "target_unit" VALUES('cuiheng_public_platforms','youth_league','co',3);
INSERT INTO "target_unit" VALUES('cuiheng_public_platforms','torch','co',4);
INSERT INTO "target_unit" VALUES('cuiheng_public_platforms','cuiheng','co',5);
INSERT INTO "target_unit" VALUES('cuiheng_new_rd_institutions','dev_reform','lead',0);
INSERT INTO "target_unit" VALUES('cuiheng_new_rd_institutions','sci_tech','co',1);
INSERT INTO "target_unit" VALUES('cuiheng_new_rd_institutions','hr_social','co',2);
INSERT INTO "target_unit" VALUES('cuiheng_new_rd_institutions','youth_league','co',3);
INSERT INTO "target_unit" VALUES('cuiheng_new_rd_institutions','torch','co',4);
INSERT INTO "target_unit" VALUES('cuiheng_new_rd_institutions','cuiheng','co',5);
INSERT INTO "target_unit" VALUES('cuiheng_high_level_teams','dev_reform','lead',0);
INSERT INTO "target_unit" VALUES('cuiheng_high_level_teams','sci_tech','co',1);
INSERT INTO "target_unit" VALUES('cuiheng_high_level_teams','hr_social','co',2);
INSERT INTO "target_unit" VALUES('cuiheng_high_level_teams','youth_league','co',3);
INSERT INTO "target_unit" VALUES('cuiheng_high_level_teams','torch','co',4);
INSERT INTO "target_unit" VALUES('cuiheng_high_level_teams','cuiheng','co',5);
INSERT INTO "target_unit" VALUES('cuiheng_backbone_enterprises','dev_reform','lead',0);
INSERT INTO "target_unit" VALUES('cuiheng_backbone_enterprises','sci_tech','co',1);
INSERT INTO "target_unit" VALUES('cuiheng_backbone_enterprises','hr_social','co',2);
INSERT INTO "target_unit" VALUES('cuiheng_backbone_enterprises','youth_league','co',3);
INSERT INTO "target_unit" VALUES('cuiheng_backbone_enterprises','torch','co',4);
INSERT INTO "target_unit" VALUES('cuiheng_backbone_enterprises','cuiheng','co',5);
INSERT INTO "target_unit" VALUES('gd_macao_youth_base','hr_social','lead',0);
INSERT INTO "target_unit" VALUES('gd_macao_youth_base','sci_tech','co',1);
INSERT INTO "target_unit" VALUES('gd_macao_youth_base','united_front','co',2);
INSERT INTO "target_unit" VALUES('gd_macao_youth_base','torch','co',3);
INSERT INTO "target_unit" VALUES('gd_macao_youth_base','cuiheng','co',4);
INSERT INTO "target_unit" VALUES('gd_macao_youth_base','towns_all','co',5);
INSERT INTO "target_unit" VALUES('macao_zs_youth_platform','hr_social','lead',0);
INSERT INTO "target_unit" VALUES('macao_zs_youth_platform','sci_tech','co',1);
INSERT INTO "target_unit" VALUES('macao_zs_youth_platform','united_front','co',2);
INSERT INTO "target_unit" VALUES('macao_zs_youth_platform','torch','co',3);
INSERT INTO "target_unit" VALUES('macao_zs_youth_platform','cuiheng','co',4);
INSERT INTO "target_unit" VALUES('macao_zs_youth_platform','towns_all','co',5);
INSERT INTO "target_unit" VALUES('innovation_policy_document','sci_tech','lead',0);
INSERT INTO "target_unit" VALUES('innovation_policy_document','organisation','co',1);
INSERT INTO "target_unit" VALUES('innovation_policy_document','finance','co',2);
INSERT INTO "target_unit" VALUES('innovation_policy_document','hr_social','co',3);
INSERT INTO "target_unit" VALUES('innovation_policy_document','natural_resources','co',4);
INSERT INTO "target_unit" VALUES('innovation_policy_document','market_reg','co',5);
INSERT INTO "target_unit" VALUES('innovation_policy_document','tax','co',6);
INSERT INTO "target_unit" VALUES('innovation_policy_document','customs','co',7);
INSERT INTO "target_unit" VALUES('talent_apartments','organisation','lead',0);
INSERT INTO "target_unit" VALUES('talent_apartments','sci_tech','co',1);
INSERT INTO "target_unit" VALUES('talent_apartments','hr_social','co',2);
INSERT INTO "target_unit" VALUES('talent_apartments','edu_sports','co',3);
INSERT INTO "target_unit" VALUES('talent_apartments','finance','co',4);
INSERT INTO "target_unit" VALUES('talent_apartments','housing','co',5);
INSERT INTO "target_unit" VALUES('talent_apartments','tax','co',6);
INSERT INTO "target_unit" VALUES('ip_protection_centre','market_reg','lead',0);
INSERT INTO "target_unit" VALUES('ip_protection_centre','court','co',1);
INSERT INTO "target_unit" VALUES('ip_protection_centre','customs','co',2);
INSERT INTO "target_unit" VALUES('lighting_ip_centre_upgrade','market_reg','lead',0);
INSERT INTO "target_unit" VALUES('lighting_ip_centre_upgrade','court','co',1);
INSERT INTO "target_unit" VALUES('lighting_ip_centre_upgrade','customs','co',2);
CREATE TABLE unit (
	id VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	name_en VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "unit" VALUES('sci_tech','市科技局','Zhongshan Municipal Bureau of Science and Technology',0);
INSERT INTO "unit" VALUES('dev_reform','市發展改革局','Zhongshan Municipal Development and Reform Bureau',1);
INSERT INTO "unit" VALUES('cuiheng','翠亨新區','Cuiheng New Area',2);
INSERT INTO "unit" VALUES('torch','火炬開發區','Torch Hi-tech Industrial Development Zone',3);
INSERT INTO "unit" VALUES('edu_sports','市教育體育局','Zhongshan Municipal Bureau of Education and Sports',4);
INSERT INTO "unit" VALUES('towns_related','相關鎮區','Towns and districts concerned',5);
INSERT INTO "unit" VALUES('united_front','市委統戰部','United Front Work Department of the CPC Zhongshan Municipal Committee',6);
INSERT INTO "unit" VALUES('banfu','板芙鎮','Banfu Town',7);
INSERT INTO "unit" VALUES('industry_it','市工業和信息化局','Zhongshan Municipal Bureau of Industry and Information Technology',8);
INSERT INTO "unit" VALUES('agriculture','市農業農村局','Zhongshan Municipal Bureau of Agriculture and Rural Affairs',9);
INSERT INTO "unit" VALUES('health','市衛生健康局','Zhongshan Municipal Health Bureau',10);
INSERT INTO "unit" VALUES('sci_assoc','市科協','Zhongshan Association for Science and Technology',11);
INSERT INTO "unit" VALUES('foreign_affairs','市委外辦','Foreign Affairs Office of the CPC Zhongshan Municipal Committee',12);
INSERT INTO "unit" VALUES('hr_social','市人力資源社會保障局','Zhongshan Municipal Human Resources and Social Security Bureau',13);
INSERT INTO "unit" VALUES('youth_league','團市委','Zhongshan Municipal Committee of the Communist Youth League',14);
INSERT INTO "unit" VALUES('towns_all','各鎮政府及區辦事處','Town governments and district offices',15);
INSERT INTO "unit" VALUES('organisation','市委組織部','Organisation Department of the CPC Zhongshan Municipal Committee',16);
INSERT INTO "unit" VALUES('finance','市財政局','Zhongshan Municipal Finance Bureau',17);
INSERT INTO "unit" VALUES('natural_resources','市自然資源局','Zhongshan Municipal Natural Resources Bureau',18);
INSERT INTO "unit" VALUES('market_reg','市市場監管局','Zhongshan Municipal Administration for Market Regulation',19);
INSERT INTO "unit" VALUES('tax','市稅務局','Zhongshan Municipal Tax Service',20);
INSERT INTO "unit" VALUES('customs','中山海關','Zhongshan Customs',21);
INSERT INTO "unit" VALUES('housing','市住房城鄉建設局','Zhongshan Municipal Housing and Urban-Rural Development Bureau',22);
INSERT INTO "unit" VALUES('court','市中級人民法院','Zhongshan Intermediate People''s Court',23);
INSERT INTO "unit" VALUES('commerce','市商務局','Zhongshan Municipal Bureau of Commerce',24);
INSERT INTO "unit" VALUES('financial_affairs','市金融工作局','Zhongshan Municipal Financial Affairs Bureau',25);
INSERT INTO "unit" VALUES('pboc_zs','人民銀行中山市中心支行','People''s Bank of China Zhongshan Central Sub-branch',26);
INSERT INTO "unit" VALUES('cbirc_zs','中山銀保監分局','Zhongshan Sub-branch of the China Banking and Insurance Regulatory Commission',27);
CREATE TABLE zsplan_meta (
	"key" VARCHAR NOT NULL, 
	value VARCHAR NOT NULL, 
	PRIMARY KEY ("key")
);
INSERT INTO "zsplan_meta" VALUES('schema_version','1');
CREATE INDEX ix_unit_name ON unit (name);
CREATE INDEX ix_measure_parent_id ON measure (parent_id);
CREATE INDEX ix_target_name ON target (name);
CREATE INDEX ix_target_measure_id ON target (measure_id);
CREATE INDEX ix_target_unit_unit_id ON target_unit (unit_id);
CREATE INDEX ix_progress_target_asof ON progress_entry (target_id, as_of);
COMMIT;
