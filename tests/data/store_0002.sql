BEGIN TRANSACTION;
CREATE TABLE ack (
	id INTEGER NOT NULL, 
	incident_id INTEGER NOT NULL, 
	obligation VARCHAR(16), 
	at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(incident_id) REFERENCES incident (id)
);
INSERT INTO "ack" VALUES(1,1,NULL,'2026-11-23 09:30:00.000000');
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	PRIMARY KEY (version_num)
);
INSERT INTO "alembic_version" VALUES('0002_reminders_register');
CREATE TABLE assessment (
	id INTEGER NOT NULL, 
	incident_id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	answers JSON NOT NULL, 
	enisa_score FLOAT NOT NULL, 
	enisa_band VARCHAR(16) NOT NULL, 
	ap_severity VARCHAR(32) NOT NULL, 
	severity_explanation VARCHAR NOT NULL, 
	recommend_ap BOOLEAN NOT NULL, 
	recommend_subjects BOOLEAN NOT NULL, 
	reasons JSON NOT NULL, 
	example VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(incident_id) REFERENCES incident (id)
);
INSERT INTO "assessment" VALUES(1,3,'2026-11-23 09:30:00.000000','{"data_categories": ["name", "address"], "special_categories": [], "person_categories": ["employees", "customers"], "persons_min": null, "persons_max": null, "records": null, "cause": "hacking", "protected": "no", "identification": "maximum", "confidentiality": "none", "integrity": "recoverable", "availability": "temporary", "malicious": true, "backup": true, "recovered": false, "trusted": false, "contained": false, "disproportionate": false, "dpc": null, "dpc_reason": null}',2.0,'medium','limited','Het datalek betreft de volgende gegevens van een onbekend aantal personen: naam en adres en woonplaats. De gegevens zijn gewijzigd en mogelijk misbruikt, maar te herstellen en de gegevens zijn tijdelijk niet beschikbaar; er was sprake van kwade opzet. Er is een werkende back-up. De betrokkenen kunnen ongemak ondervinden dat zij zonder grote problemen te boven komen. Ernstscore volgens de ENISA-methode: 2 (gemiddeld).',1,0,'{"ap": {"en": "Notify the AP within 72 hours (art. 33(1) GDPR): a risk to the persons is not unlikely, as the data were altered and possibly misused, the breach was deliberate and the data are not (easily) available; ENISA severity 2 (medium).", "nl": "Melden bij de AP, binnen 72 uur (art. 33 lid 1 AVG): een risico voor de betrokkenen is niet onwaarschijnlijk, want de gegevens zijn gewijzigd en mogelijk misbruikt, er was sprake van kwade opzet en de gegevens zijn niet (zonder moeite) beschikbaar; ENISA-ernstscore 2 (gemiddeld)."}, "subjects": {"en": "Do not inform the persons: the risk to them is not high, as the ENISA severity is 2 (medium) and no data for identity fraud, no vulnerable persons and no malicious strangers are involved. Art. 34(1) GDPR asks it only for a high risk.", "nl": "Betrokkenen niet informeren: het risico voor hen is niet hoog, want de ENISA-ernstscore is 2 (gemiddeld) en er zijn geen gegevens voor identiteitsfraude, geen kwetsbare personen en geen kwaadwillende onbekenden in het spel. Art. 34 lid 1 AVG vraagt een mededeling alleen bij een hoog risico."}, "risk": "risk", "grounds": [], "exception": null, "dpc": 1, "ei": 1.0, "cb": {"integrity": 0.25, "availability": 0.25, "malicious": 0.5}}',NULL);
CREATE TABLE channel (
	id INTEGER NOT NULL, 
	url VARCHAR NOT NULL, 
	tags JSON NOT NULL, 
	detail BOOLEAN NOT NULL, 
	added_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "channel" VALUES(1,'json://127.0.0.1:9/hook?secret=geheim','["fg"]',1,'2026-11-23 09:30:00.000000');
INSERT INTO "channel" VALUES(2,'mailto://fg:wachtwoord@127.0.0.1:9?from=breach@example.nl&to=fg@example.nl','[]',0,'2026-11-23 09:30:00.000000');
CREATE TABLE counter (
	prefix VARCHAR(32) NOT NULL, 
	last INTEGER NOT NULL, 
	PRIMARY KEY (prefix)
);
INSERT INTO "counter" VALUES('DL-2026',3);
CREATE TABLE decision (
	id INTEGER NOT NULL, 
	incident_id INTEGER NOT NULL, 
	obligation VARCHAR(16) NOT NULL, 
	notify BOOLEAN NOT NULL, 
	reason VARCHAR, 
	decided_by VARCHAR NOT NULL, 
	at DATETIME NOT NULL, 
	recommended BOOLEAN, 
	departs BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(incident_id) REFERENCES incident (id)
);
INSERT INTO "decision" VALUES(1,3,'subjects',0,'Geen hoog risico: back-ups intact, geen exfiltratie vastgesteld.','M. Jansen (FG)','2026-11-23 09:30:00.000000',0,0);
CREATE TABLE delivery (
	id INTEGER NOT NULL, 
	incident_id INTEGER NOT NULL, 
	obligation VARCHAR(16) NOT NULL, 
	step VARCHAR(32) NOT NULL, 
	channel VARCHAR(64) NOT NULL, 
	due_at DATETIME NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	attempts INTEGER NOT NULL, 
	claimed_by VARCHAR(64) NOT NULL, 
	claimed_at DATETIME NOT NULL, 
	next_try_at DATETIME, 
	sent_at DATETIME, 
	error VARCHAR, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_delivery_claim UNIQUE (incident_id, obligation, step, channel), 
	FOREIGN KEY(incident_id) REFERENCES incident (id)
);
INSERT INTO "delivery" VALUES(1,1,'opened','opened','c2','2026-11-23 09:30:00.000000','failed',1,'vm:15023:8e714f70','2026-11-23 09:30:00.000000','2026-11-23 09:35:00.000000',NULL,'Connection error while submitting email to "127.0.0.1"');
INSERT INTO "delivery" VALUES(2,1,'subjects','day-29','c2','2026-11-22 20:15:00.000000','failed',1,'vm:15023:8e714f70','2026-11-23 09:30:00.000000','2026-11-23 09:35:00.000000',NULL,'Connection error while submitting email to "127.0.0.1"');
INSERT INTO "delivery" VALUES(3,3,'opened','opened','c2','2026-11-23 09:30:00.000000','failed',1,'vm:15023:8e714f70','2026-11-23 09:30:00.000000','2026-11-23 09:35:00.000000',NULL,'Connection error while submitting email to "127.0.0.1"');
INSERT INTO "delivery" VALUES(4,3,'customers','overdue-7','c2','2026-11-23 06:20:00.000000','failed',1,'vm:15023:8e714f70','2026-11-23 09:30:00.000000','2026-11-23 09:35:00.000000',NULL,'Connection error while submitting email to "127.0.0.1"');
CREATE TABLE event (
	id INTEGER NOT NULL, 
	incident_id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	kind VARCHAR(32) NOT NULL, 
	text VARCHAR NOT NULL, 
	data JSON NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(incident_id) REFERENCES incident (id)
);
INSERT INTO "event" VALUES(1,1,'2026-11-23 09:30:00.000000','opened','Laptop met klantgegevens gestolen uit auto','{"aware_at": "2026-10-24T20:15:00+00:00", "role": "controller", "ap_window_hours": 72, "customers_window_hours": 24}');
INSERT INTO "event" VALUES(2,1,'2026-11-23 09:30:00.000000','updated','consequences, cross-border, data, high-risk, measures-planned, measures-taken, persons, persons-group, records, special, type','{"consequences": [null, "Identiteitsfraude en phishing met gegevens van cli\u00ebnten; reputatieschade."], "measures_taken": [null, "Wachtwoorden ingetrokken, laptop op afstand gewist (niet bevestigd)."], "measures_planned": [null, "Volledige schijfversleuteling op alle laptops v\u00f3\u00f3r 1 december."], "breach_types": [[], ["confidentiality"]], "data_categories": [[], ["name", "email", "bsn", "other:IBAN en geboortedatum"]], "special_categories": [[], ["health"]], "person_categories": [[], ["customers", "other:leden van de cli\u00ebntenraad"]], "persons_min": [null, 120], "persons_max": [null, 250], "records": [null, 1400], "cross_border": [null, false], "high_risk": [null, true]}');
INSERT INTO "event" VALUES(3,1,'2026-11-23 09:30:00.000000','note','Aangifte gedaan bij de politie in Zwolle; proces-verbaal 2026-ZW-0412 ontvangen.','{}');
INSERT INTO "event" VALUES(4,1,'2026-11-23 09:30:00.000000','notified','ap (in time), reference M-2026-88213','{"obligation": "ap", "at": "2026-10-26T10:05:00+00:00", "deadline_at": "2026-10-27T20:15:00+00:00", "late": false, "reference": "M-2026-88213", "delay_reason": null}');
INSERT INTO "event" VALUES(5,1,'2026-11-23 09:30:00.000000','notified','customers (in time)','{"obligation": "customers", "at": "2026-10-25T15:30:00+00:00", "deadline_at": "2026-10-25T20:15:00+00:00", "late": false, "reference": null, "delay_reason": null}');
INSERT INTO "event" VALUES(6,2,'2026-11-23 09:30:00.000000','opened','E-mail met salarisstroken naar verkeerde ontvanger','{"aware_at": "2026-11-02T07:45:00+00:00", "role": "processor", "ap_window_hours": 72, "customers_window_hours": 36}');
INSERT INTO "event" VALUES(7,2,'2026-11-23 09:30:00.000000','updated','data, persons, type','{"breach_types": [[], ["confidentiality"]], "data_categories": [[], ["name", "financial"]], "persons_min": [null, 14], "persons_max": [null, 14]}');
INSERT INTO "event" VALUES(8,2,'2026-11-23 09:30:00.000000','note','Ontvanger heeft schriftelijk bevestigd de e-mail te hebben verwijderd — geen verdere verspreiding.','{}');
INSERT INTO "event" VALUES(9,2,'2026-11-23 09:30:00.000000','notified','customers (in time), reference Brief aan opdrachtgever Gemeente Enschede','{"obligation": "customers", "at": "2026-11-03T08:10:00+00:00", "deadline_at": "2026-11-03T19:45:00+00:00", "late": false, "reference": "Brief aan opdrachtgever Gemeente Enschede", "delay_reason": null}');
INSERT INTO "event" VALUES(10,2,'2026-11-23 09:30:00.000000','closed','Ontvanger heeft verwijdering bevestigd; risico laag, geen melding AP nodig.','{"open_obligations": []}');
INSERT INTO "event" VALUES(11,3,'2026-11-23 09:30:00.000000','opened','Ransomware op fileserver van het filiaal Groningen','{"aware_at": "2026-11-21T02:20:00+00:00", "role": "controller", "ap_window_hours": 72, "customers_window_hours": 24}');
INSERT INTO "event" VALUES(12,3,'2026-11-23 09:30:00.000000','updated','data, persons-group, type','{"breach_types": [[], ["availability-temporary", "integrity"]], "data_categories": [[], ["name", "address"]], "person_categories": [[], ["employees", "customers"]]}');
INSERT INTO "event" VALUES(13,3,'2026-11-23 09:30:00.000000','notified','ap (in time)','{"obligation": "ap", "at": "2026-11-23T09:00:00+00:00", "deadline_at": "2026-11-24T02:20:00+00:00", "late": false, "reference": null, "delay_reason": "Omvang pas na forensisch onderzoek bekend; melding in fasen (art. 33 lid 4 AVG)."}');
INSERT INTO "event" VALUES(14,3,'2026-11-23 09:30:00.000000','assessed','ENISA 2 (medium), AP severity limited; recommends AP yes, persons no','{"assessment_id": 1, "enisa_score": 2.0, "enisa_band": "medium", "ap_severity": "limited", "recommend_ap": true, "recommend_subjects": false, "example": null}');
INSERT INTO "event" VALUES(15,3,'2026-11-23 09:30:00.000000','decided','subjects: do not inform the persons (as recommended), by M. Jansen (FG)','{"obligation": "subjects", "notify": false, "reason": "Geen hoog risico: back-ups intact, geen exfiltratie vastgesteld.", "by": "M. Jansen (FG)", "recommended": false, "departs": false, "assessment_id": 1}');
INSERT INTO "event" VALUES(16,1,'2026-11-23 09:30:00.000000','remind_failed','breach opened alert to mailto://fg:****@127.0.0.1:9/fg%40example.nl?overflow=upstream&retry=0&wait=0.5&optional=no&cto=15&from=breach%40example.nl failed (try 1; next try Mon 2026-11-23 10:35 +01:00): Connection error while submitting email to "127.0.0.1"','{"obligation": "opened", "step": "opened", "channel": "mailto://fg:****@127.0.0.1:9/fg%40example.nl?overflow=upstream&retry=0&wait=0.5&optional=no&cto=15&from=breach%40example.nl", "attempt": 1, "status": "failed", "error": "Connection error while submitting email to \"127.0.0.1\"", "next_try_at": "2026-11-23T09:35:00+00:00"}');
INSERT INTO "event" VALUES(17,1,'2026-11-23 09:30:00.000000','remind_failed','subjects day-29 to mailto://fg:****@127.0.0.1:9/fg%40example.nl?overflow=upstream&retry=0&wait=0.5&optional=no&cto=15&from=breach%40example.nl failed (try 1; next try Mon 2026-11-23 10:35 +01:00): Connection error while submitting email to "127.0.0.1"','{"obligation": "subjects", "step": "day-29", "channel": "mailto://fg:****@127.0.0.1:9/fg%40example.nl?overflow=upstream&retry=0&wait=0.5&optional=no&cto=15&from=breach%40example.nl", "attempt": 1, "status": "failed", "error": "Connection error while submitting email to \"127.0.0.1\"", "next_try_at": "2026-11-23T09:35:00+00:00"}');
INSERT INTO "event" VALUES(18,3,'2026-11-23 09:30:00.000000','remind_failed','breach opened alert to mailto://fg:****@127.0.0.1:9/fg%40example.nl?overflow=upstream&retry=0&wait=0.5&optional=no&cto=15&from=breach%40example.nl failed (try 1; next try Mon 2026-11-23 10:35 +01:00): Connection error while submitting email to "127.0.0.1"','{"obligation": "opened", "step": "opened", "channel": "mailto://fg:****@127.0.0.1:9/fg%40example.nl?overflow=upstream&retry=0&wait=0.5&optional=no&cto=15&from=breach%40example.nl", "attempt": 1, "status": "failed", "error": "Connection error while submitting email to \"127.0.0.1\"", "next_try_at": "2026-11-23T09:35:00+00:00"}');
INSERT INTO "event" VALUES(19,3,'2026-11-23 09:30:00.000000','remind_failed','customers overdue-7 to mailto://fg:****@127.0.0.1:9/fg%40example.nl?overflow=upstream&retry=0&wait=0.5&optional=no&cto=15&from=breach%40example.nl failed (try 1; next try Mon 2026-11-23 10:35 +01:00): Connection error while submitting email to "127.0.0.1"','{"obligation": "customers", "step": "overdue-7", "channel": "mailto://fg:****@127.0.0.1:9/fg%40example.nl?overflow=upstream&retry=0&wait=0.5&optional=no&cto=15&from=breach%40example.nl", "attempt": 1, "status": "failed", "error": "Connection error while submitting email to \"127.0.0.1\"", "next_try_at": "2026-11-23T09:35:00+00:00"}');
INSERT INTO "event" VALUES(20,1,'2026-11-23 09:30:00.000000','ack','on it (all clocks): repeats of the current reminder stop for the channels already paged','{"obligation": null}');
CREATE TABLE event_chain (
	incident_id INTEGER NOT NULL, 
	length INTEGER NOT NULL, 
	head VARCHAR(64) NOT NULL, 
	adopted INTEGER NOT NULL, 
	adopted_at DATETIME, 
	PRIMARY KEY (incident_id), 
	FOREIGN KEY(incident_id) REFERENCES incident (id)
);
INSERT INTO "event_chain" VALUES(1,8,'190b0f5e0e1b2d14fa0582efaf7e9c913e2419d74d23c188c086d12967fe3f9f',0,NULL);
INSERT INTO "event_chain" VALUES(2,5,'4fbf12d48359f108e2703c2232c0549f87a5def37ddc21bfeab4c70a25f52b5c',0,NULL);
INSERT INTO "event_chain" VALUES(3,7,'24b8df999e356d494647c74f577d958ff3024ee3a2cbf9c20018d54503098d5f',0,NULL);
CREATE TABLE event_seal (
	event_id INTEGER NOT NULL, 
	incident_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	prev_hash VARCHAR(64) NOT NULL, 
	hash VARCHAR(64) NOT NULL, 
	adopted BOOLEAN NOT NULL, 
	PRIMARY KEY (event_id), 
	CONSTRAINT uq_event_seal_position UNIQUE (incident_id, position), 
	FOREIGN KEY(event_id) REFERENCES event (id), 
	FOREIGN KEY(incident_id) REFERENCES incident (id)
);
INSERT INTO "event_seal" VALUES(1,1,1,'0000000000000000000000000000000000000000000000000000000000000000','0e9bdc2dd383a5f3ed79a3ada0731fe106fdd1e5775464178f11ab823fca2829',0);
INSERT INTO "event_seal" VALUES(2,1,2,'0e9bdc2dd383a5f3ed79a3ada0731fe106fdd1e5775464178f11ab823fca2829','8d75649f7f136f7dd21face55ee0e3cd25bbca2b2c64b5d53e1d08e231beb895',0);
INSERT INTO "event_seal" VALUES(3,1,3,'8d75649f7f136f7dd21face55ee0e3cd25bbca2b2c64b5d53e1d08e231beb895','dffccf1c39a28421e2886a701319b013644abecef8c7dbffeb3f2bf34680f5a1',0);
INSERT INTO "event_seal" VALUES(4,1,4,'dffccf1c39a28421e2886a701319b013644abecef8c7dbffeb3f2bf34680f5a1','51edbfb787b5a4120509539cde000f06b5169ee37f1160fd0780d4cc253b3d59',0);
INSERT INTO "event_seal" VALUES(5,1,5,'51edbfb787b5a4120509539cde000f06b5169ee37f1160fd0780d4cc253b3d59','05c10bd2e1285e6dc06e33662191c6755eb54380a81a08fc9815e623a08bc4c3',0);
INSERT INTO "event_seal" VALUES(6,2,1,'0000000000000000000000000000000000000000000000000000000000000000','32620d7c3426c4e320833347d76d9e672e3bc63806143e5034250a0be435c107',0);
INSERT INTO "event_seal" VALUES(7,2,2,'32620d7c3426c4e320833347d76d9e672e3bc63806143e5034250a0be435c107','12b15d12f1addcd9672994be58ac8015efc8fc30ebd6435529dcb72d7c8dc52f',0);
INSERT INTO "event_seal" VALUES(8,2,3,'12b15d12f1addcd9672994be58ac8015efc8fc30ebd6435529dcb72d7c8dc52f','568883b1dca467d341e523cc86c53a547ffba09a1ddc6c50c7b3e97c0732ead8',0);
INSERT INTO "event_seal" VALUES(9,2,4,'568883b1dca467d341e523cc86c53a547ffba09a1ddc6c50c7b3e97c0732ead8','94803a0d1395a95c7c15c31540290b6a8db7aabd950912f128da72fb3c02a150',0);
INSERT INTO "event_seal" VALUES(10,2,5,'94803a0d1395a95c7c15c31540290b6a8db7aabd950912f128da72fb3c02a150','4fbf12d48359f108e2703c2232c0549f87a5def37ddc21bfeab4c70a25f52b5c',0);
INSERT INTO "event_seal" VALUES(11,3,1,'0000000000000000000000000000000000000000000000000000000000000000','0d17b5e8dda3745cad13cfb41ac34c78dce8be7ce5a5b7ce9d1b32f54ec01c60',0);
INSERT INTO "event_seal" VALUES(12,3,2,'0d17b5e8dda3745cad13cfb41ac34c78dce8be7ce5a5b7ce9d1b32f54ec01c60','9bc50cc1510fb861090ba14ea52984b64c2e3dfc9bfd20a177109da17dc824cc',0);
INSERT INTO "event_seal" VALUES(13,3,3,'9bc50cc1510fb861090ba14ea52984b64c2e3dfc9bfd20a177109da17dc824cc','0a2a6675af3054b5e4adefdd4c92ba99ebd8c368f8e5910e6cc5093eedb0a8d8',0);
INSERT INTO "event_seal" VALUES(14,3,4,'0a2a6675af3054b5e4adefdd4c92ba99ebd8c368f8e5910e6cc5093eedb0a8d8','953a1a1fe887f87180b7254185a744a2c2fcea3614c11db93a4fb022079628d5',0);
INSERT INTO "event_seal" VALUES(15,3,5,'953a1a1fe887f87180b7254185a744a2c2fcea3614c11db93a4fb022079628d5','871a24f93b55b57b9d65fde1ec660722b89c7a9da3a7506d228493fa0ba7e496',0);
INSERT INTO "event_seal" VALUES(16,1,6,'05c10bd2e1285e6dc06e33662191c6755eb54380a81a08fc9815e623a08bc4c3','db93868f647abff6b6c8b7cf328d90121d10b627f8f61f366054e744e52095ad',0);
INSERT INTO "event_seal" VALUES(17,1,7,'db93868f647abff6b6c8b7cf328d90121d10b627f8f61f366054e744e52095ad','8a126c69c920b300e2e9918e3c04288bcfd2236a51d166b84202a1c58bba2f64',0);
INSERT INTO "event_seal" VALUES(18,3,6,'871a24f93b55b57b9d65fde1ec660722b89c7a9da3a7506d228493fa0ba7e496','9cde6642f157e974c75265741d8be079ac9ca14bffcc8a2898edd14842b7ee67',0);
INSERT INTO "event_seal" VALUES(19,3,7,'9cde6642f157e974c75265741d8be079ac9ca14bffcc8a2898edd14842b7ee67','24b8df999e356d494647c74f577d958ff3024ee3a2cbf9c20018d54503098d5f',0);
INSERT INTO "event_seal" VALUES(20,1,8,'8a126c69c920b300e2e9918e3c04288bcfd2236a51d166b84202a1c58bba2f64','190b0f5e0e1b2d14fa0582efaf7e9c913e2419d74d23c188c086d12967fe3f9f',0);
CREATE TABLE incident (
	id INTEGER NOT NULL, 
	ref VARCHAR(32) NOT NULL, 
	title VARCHAR NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	role VARCHAR(16) NOT NULL, 
	aware_at DATETIME NOT NULL, 
	discovered_at DATETIME, 
	occurred_from DATETIME, 
	occurred_to DATETIME, 
	description VARCHAR, 
	how_discovered VARCHAR, 
	reported_by VARCHAR, 
	ap_window_hours INTEGER NOT NULL, 
	customers_window_hours INTEGER NOT NULL, 
	breach_types JSON NOT NULL, 
	data_categories JSON NOT NULL, 
	special_categories JSON NOT NULL, 
	person_categories JSON NOT NULL, 
	persons_min INTEGER, 
	persons_max INTEGER, 
	records INTEGER, 
	consequences VARCHAR, 
	measures_taken VARCHAR, 
	measures_planned VARCHAR, 
	cross_border BOOLEAN, 
	high_risk BOOLEAN, 
	created_at DATETIME NOT NULL, 
	closed_at DATETIME, 
	close_reason VARCHAR, 
	PRIMARY KEY (id), 
	UNIQUE (ref)
);
INSERT INTO "incident" VALUES(1,'DL-2026-001','Laptop met klantgegevens gestolen uit auto','open','controller','2026-10-24 20:15:00.000000','2026-10-24 19:40:00.000000','2026-10-24 16:00:00.000000','2026-10-24 19:30:00.000000','Laptop van een medewerker gestolen in Zwolle; schijf niet versleuteld.',NULL,'Anouk de Vries (IT-beheer)',72,24,'["confidentiality"]','["name", "email", "bsn", "other:IBAN en geboortedatum"]','["health"]','["customers", "other:leden van de cli\u00ebntenraad"]',120,250,1400,'Identiteitsfraude en phishing met gegevens van cliënten; reputatieschade.','Wachtwoorden ingetrokken, laptop op afstand gewist (niet bevestigd).','Volledige schijfversleuteling op alle laptops vóór 1 december.',0,1,'2026-11-23 09:30:00.000000',NULL,NULL);
INSERT INTO "incident" VALUES(2,'DL-2026-002','E-mail met salarisstroken naar verkeerde ontvanger','closed','processor','2026-11-02 07:45:00.000000',NULL,NULL,NULL,'Bijlage met 14 salarisstroken per ongeluk naar een externe relatie gemaild.',NULL,NULL,72,36,'["confidentiality"]','["name", "financial"]','[]','[]',14,14,NULL,NULL,NULL,NULL,NULL,NULL,'2026-11-23 09:30:00.000000','2026-11-23 09:30:00.000000','Ontvanger heeft verwijdering bevestigd; risico laag, geen melding AP nodig.');
INSERT INTO "incident" VALUES(3,'DL-2026-003','Ransomware op fileserver van het filiaal Groningen','open','controller','2026-11-21 02:20:00.000000',NULL,'2026-11-20 22:50:00.000000',NULL,NULL,NULL,NULL,72,24,'["availability-temporary", "integrity"]','["name", "address"]','[]','["employees", "customers"]',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'2026-11-23 09:30:00.000000',NULL,NULL);
CREATE TABLE notice (
	id INTEGER NOT NULL, 
	incident_id INTEGER NOT NULL, 
	obligation VARCHAR(16) NOT NULL, 
	at DATETIME NOT NULL, 
	deadline_at DATETIME, 
	late BOOLEAN NOT NULL, 
	reference VARCHAR, 
	delay_reason VARCHAR, 
	recorded_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(incident_id) REFERENCES incident (id)
);
INSERT INTO "notice" VALUES(1,1,'ap','2026-10-26 10:05:00.000000','2026-10-27 20:15:00.000000',0,'M-2026-88213',NULL,'2026-11-23 09:30:00.000000');
INSERT INTO "notice" VALUES(2,1,'customers','2026-10-25 15:30:00.000000','2026-10-25 20:15:00.000000',0,NULL,NULL,'2026-11-23 09:30:00.000000');
INSERT INTO "notice" VALUES(3,2,'customers','2026-11-03 08:10:00.000000','2026-11-03 19:45:00.000000',0,'Brief aan opdrachtgever Gemeente Enschede',NULL,'2026-11-23 09:30:00.000000');
INSERT INTO "notice" VALUES(4,3,'ap','2026-11-23 09:00:00.000000','2026-11-24 02:20:00.000000',0,NULL,'Omvang pas na forensisch onderzoek bekend; melding in fasen (art. 33 lid 4 AVG).','2026-11-23 09:30:00.000000');
CREATE TABLE remindrun (
	host VARCHAR(128) NOT NULL, 
	at DATETIME NOT NULL, 
	sent INTEGER NOT NULL, 
	failed INTEGER NOT NULL, 
	PRIMARY KEY (host)
);
INSERT INTO "remindrun" VALUES('vm','2026-11-23 09:30:00.000000',0,4);
CREATE TABLE store_info (
	"key" VARCHAR(32) NOT NULL, 
	value VARCHAR NOT NULL, 
	PRIMARY KEY ("key")
);
INSERT INTO "store_info" VALUES('identity','30ade860a0da4981a493c6d3906a9f7c');
CREATE INDEX ix_incident_status_aware ON incident (status, aware_at);
CREATE INDEX ix_notice_incident_id ON notice (incident_id);
CREATE INDEX ix_event_incident_id ON event (incident_id);
CREATE INDEX ix_assessment_incident_id ON assessment (incident_id);
CREATE INDEX ix_decision_incident_id ON decision (incident_id);
CREATE INDEX ix_delivery_status_next ON delivery (status, next_try_at);
CREATE INDEX ix_ack_incident_id ON ack (incident_id);
COMMIT;
