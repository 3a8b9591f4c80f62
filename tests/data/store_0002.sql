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
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
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
INSERT INTO "delivery" VALUES(1,1,'opened','opened','c2','2026-11-23 09:30:00.000000','failed',1,'vm:12215:553f7331','2026-11-23 09:30:00.000000','2026-11-23 09:35:00.000000',NULL,'Connection error while submitting email to "127.0.0.1"');
INSERT INTO "delivery" VALUES(2,3,'opened','opened','c2','2026-11-23 09:30:00.000000','failed',1,'vm:12215:553f7331','2026-11-23 09:30:00.000000','2026-11-23 09:35:00.000000',NULL,'Connection error while submitting email to "127.0.0.1"');
INSERT INTO "delivery" VALUES(3,3,'customers','overdue-7','c2','2026-11-23 06:20:00.000000','failed',1,'vm:12215:553f7331','2026-11-23 09:30:00.000000','2026-11-23 09:35:00.000000',NULL,'Connection error while submitting email to "127.0.0.1"');
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
INSERT INTO "event" VALUES(2,1,'2026-11-23 09:30:00.000000','note','Aangifte gedaan bij de politie in Zwolle; proces-verbaal 2026-ZW-0412 ontvangen.','{}');
INSERT INTO "event" VALUES(3,1,'2026-11-23 09:30:00.000000','notified','ap (in time), reference M-2026-88213','{"obligation": "ap", "at": "2026-10-26T10:05:00+00:00", "deadline_at": "2026-10-27T20:15:00+00:00", "late": false, "reference": "M-2026-88213", "delay_reason": null}');
INSERT INTO "event" VALUES(4,1,'2026-11-23 09:30:00.000000','notified','customers (in time)','{"obligation": "customers", "at": "2026-10-25T15:30:00+00:00", "deadline_at": "2026-10-25T20:15:00+00:00", "late": false, "reference": null, "delay_reason": null}');
INSERT INTO "event" VALUES(5,2,'2026-11-23 09:30:00.000000','opened','E-mail met salarisstroken naar verkeerde ontvanger','{"aware_at": "2026-11-02T07:45:00+00:00", "role": "processor", "ap_window_hours": 72, "customers_window_hours": 36}');
INSERT INTO "event" VALUES(6,2,'2026-11-23 09:30:00.000000','note','Ontvanger heeft schriftelijk bevestigd de e-mail te hebben verwijderd — geen verdere verspreiding.','{}');
INSERT INTO "event" VALUES(7,2,'2026-11-23 09:30:00.000000','notified','customers (in time), reference Brief aan opdrachtgever Gemeente Enschede','{"obligation": "customers", "at": "2026-11-03T08:10:00+00:00", "deadline_at": "2026-11-03T19:45:00+00:00", "late": false, "reference": "Brief aan opdrachtgever Gemeente Enschede", "delay_reason": null}');
INSERT INTO "event" VALUES(8,2,'2026-11-23 09:30:00.000000','closed','Ontvanger heeft verwijdering bevestigd; risico laag, geen melding AP nodig.','{"open_obligations": []}');
INSERT INTO "event" VALUES(9,3,'2026-11-23 09:30:00.000000','opened','Ransomware op fileserver van het filiaal Groningen','{"aware_at": "2026-11-21T02:20:00+00:00", "role": "controller", "ap_window_hours": 72, "customers_window_hours": 24}');
INSERT INTO "event" VALUES(10,3,'2026-11-23 09:30:00.000000','updated','data, persons-group, type','{"breach_types": [[], ["availability-temporary", "integrity"]], "data_categories": [[], ["name", "address"]], "person_categories": [[], ["employees", "customers"]]}');
INSERT INTO "event" VALUES(11,3,'2026-11-23 09:30:00.000000','notified','ap (in time)','{"obligation": "ap", "at": "2026-11-23T09:00:00+00:00", "deadline_at": "2026-11-24T02:20:00+00:00", "late": false, "reference": null, "delay_reason": "Omvang pas na forensisch onderzoek bekend; melding in fasen (art. 33 lid 4 AVG)."}');
INSERT INTO "event" VALUES(12,1,'2026-11-23 09:30:00.000000','remind_failed','breach opened alert to mailto://fg:****@127.0.0.1:9/fg%40example.nl?overflow=upstream&retry=0&wait=0.5&optional=no&cto=15&from=breach%40example.nl failed (try 1; next try Mon 2026-11-23 10:35 +01:00): Connection error while submitting email to "127.0.0.1"','{"obligation": "opened", "step": "opened", "channel": "mailto://fg:****@127.0.0.1:9/fg%40example.nl?overflow=upstream&retry=0&wait=0.5&optional=no&cto=15&from=breach%40example.nl", "attempt": 1, "status": "failed", "error": "Connection error while submitting email to \"127.0.0.1\"", "next_try_at": "2026-11-23T09:35:00+00:00"}');
INSERT INTO "event" VALUES(13,3,'2026-11-23 09:30:00.000000','remind_failed','breach opened alert to mailto://fg:****@127.0.0.1:9/fg%40example.nl?overflow=upstream&retry=0&wait=0.5&optional=no&cto=15&from=breach%40example.nl failed (try 1; next try Mon 2026-11-23 10:35 +01:00): Connection error while submitting email to "127.0.0.1"','{"obligation": "opened", "step": "opened", "channel": "mailto://fg:****@127.0.0.1:9/fg%40example.nl?overflow=upstream&retry=0&wait=0.5&optional=no&cto=15&from=breach%40example.nl", "attempt": 1, "status": "failed", "error": "Connection error while submitting email to \"127.0.0.1\"", "next_try_at": "2026-11-23T09:35:00+00:00"}');
INSERT INTO "event" VALUES(14,3,'2026-11-23 09:30:00.000000','remind_failed','customers overdue-7 to mailto://fg:****@127.0.0.1:9/fg%40example.nl?overflow=upstream&retry=0&wait=0.5&optional=no&cto=15&from=breach%40example.nl failed (try 1; next try Mon 2026-11-23 10:35 +01:00): Connection error while submitting email to "127.0.0.1"','{"obligation": "customers", "step": "overdue-7", "channel": "mailto://fg:****@127.0.0.1:9/fg%40example.nl?overflow=upstream&retry=0&wait=0.5&optional=no&cto=15&from=breach%40example.nl", "attempt": 1, "status": "failed", "error": "Connection error while submitting email to \"127.0.0.1\"", "next_try_at": "2026-11-23T09:35:00+00:00"}');
INSERT INTO "event" VALUES(15,1,'2026-11-23 09:30:00.000000','ack','on it (all clocks): repeats of the current reminder stop for the channels already paged','{"obligation": null}');
CREATE TABLE event_chain (
	incident_id INTEGER NOT NULL, 
	length INTEGER NOT NULL, 
	head VARCHAR(64) NOT NULL, 
	adopted INTEGER NOT NULL, 
	adopted_at DATETIME, 
	PRIMARY KEY (incident_id), 
	FOREIGN KEY(incident_id) REFERENCES incident (id)
);
INSERT INTO "event_chain" VALUES(1,6,'223772d585c62b51d3088c6696d6be690831dfaecc2f7a8c45c21114dbb8853a',0,NULL);
INSERT INTO "event_chain" VALUES(2,4,'9832b70e44220cfab0f2dd7b6742ab806801766fd00c3e04e2c9c74cbcefb966',0,NULL);
INSERT INTO "event_chain" VALUES(3,5,'dafecbdb15b0f6b9e9202e929174d140fbc301bf7ed63bc0aad07a064088f541',0,NULL);
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
INSERT INTO "event_seal" VALUES(2,1,2,'0e9bdc2dd383a5f3ed79a3ada0731fe106fdd1e5775464178f11ab823fca2829','86ab63724ce9cdbb4b0f1e4d5491c5ea6210859e14ace651282699a330db5250',0);
INSERT INTO "event_seal" VALUES(3,1,3,'86ab63724ce9cdbb4b0f1e4d5491c5ea6210859e14ace651282699a330db5250','765a0d0cd308daed41379bdeb7511cad97245969d31cf5e348dda3642d8b10d4',0);
INSERT INTO "event_seal" VALUES(4,1,4,'765a0d0cd308daed41379bdeb7511cad97245969d31cf5e348dda3642d8b10d4','c53b299d4d5632c43e2950bddf9ad75c38d939d58f38e3ed8dfe87a6e6774d03',0);
INSERT INTO "event_seal" VALUES(5,2,1,'0000000000000000000000000000000000000000000000000000000000000000','588789ecb09e39c030fb71bc90f24f14ff59b3a4c369ad153adf11d0a86121bf',0);
INSERT INTO "event_seal" VALUES(6,2,2,'588789ecb09e39c030fb71bc90f24f14ff59b3a4c369ad153adf11d0a86121bf','a01c57aa31fad10c9e4accf6274a6226c968f85baa26e3e5c8f9c93c058d4bb1',0);
INSERT INTO "event_seal" VALUES(7,2,3,'a01c57aa31fad10c9e4accf6274a6226c968f85baa26e3e5c8f9c93c058d4bb1','c6341cc85c736cafe69855f373a0af744fb22c58f7f16e354f7fac88e7924143',0);
INSERT INTO "event_seal" VALUES(8,2,4,'c6341cc85c736cafe69855f373a0af744fb22c58f7f16e354f7fac88e7924143','9832b70e44220cfab0f2dd7b6742ab806801766fd00c3e04e2c9c74cbcefb966',0);
INSERT INTO "event_seal" VALUES(9,3,1,'0000000000000000000000000000000000000000000000000000000000000000','5f4409c9987c0c401d409948150d9b947d40845b42acd092805271a590bb98cf',0);
INSERT INTO "event_seal" VALUES(10,3,2,'5f4409c9987c0c401d409948150d9b947d40845b42acd092805271a590bb98cf','5892b7f903fb668b7481f42caad558d19ed6aa0ecbadedc0746321ba58017104',0);
INSERT INTO "event_seal" VALUES(11,3,3,'5892b7f903fb668b7481f42caad558d19ed6aa0ecbadedc0746321ba58017104','4cd5195ffe2d3e5ffa1f92bdaa7636079590746bc5c06ff8bf54a0d94ddbcd07',0);
INSERT INTO "event_seal" VALUES(12,1,5,'c53b299d4d5632c43e2950bddf9ad75c38d939d58f38e3ed8dfe87a6e6774d03','10dbf5f9f3453d1b9ea84a8f5ca0931921eb456589459cb45ad241da319d45ed',0);
INSERT INTO "event_seal" VALUES(13,3,4,'4cd5195ffe2d3e5ffa1f92bdaa7636079590746bc5c06ff8bf54a0d94ddbcd07','7f3dfe9cbcb052185373506a942873ba183047eb444601ed6fab7119241fc3b4',0);
INSERT INTO "event_seal" VALUES(14,3,5,'7f3dfe9cbcb052185373506a942873ba183047eb444601ed6fab7119241fc3b4','dafecbdb15b0f6b9e9202e929174d140fbc301bf7ed63bc0aad07a064088f541',0);
INSERT INTO "event_seal" VALUES(15,1,6,'10dbf5f9f3453d1b9ea84a8f5ca0931921eb456589459cb45ad241da319d45ed','223772d585c62b51d3088c6696d6be690831dfaecc2f7a8c45c21114dbb8853a',0);
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
INSERT INTO "incident" VALUES(1,'DL-2026-001','Laptop met klantgegevens gestolen uit auto','open','controller','2026-10-24 20:15:00.000000','2026-10-24 19:40:00.000000','2026-10-24 16:00:00.000000','2026-10-24 19:30:00.000000','Laptop van een medewerker gestolen in Zwolle; schijf niet versleuteld.',NULL,'Anouk de Vries (IT-beheer)',72,24,'[]','[]','[]','[]',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'2026-11-23 09:30:00.000000',NULL,NULL);
INSERT INTO "incident" VALUES(2,'DL-2026-002','E-mail met salarisstroken naar verkeerde ontvanger','closed','processor','2026-11-02 07:45:00.000000',NULL,NULL,NULL,'Bijlage met 14 salarisstroken per ongeluk naar een externe relatie gemaild.',NULL,NULL,72,36,'[]','[]','[]','[]',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'2026-11-23 09:30:00.000000','2026-11-23 09:30:00.000000','Ontvanger heeft verwijdering bevestigd; risico laag, geen melding AP nodig.');
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
INSERT INTO "remindrun" VALUES('vm','2026-11-23 09:30:00.000000',0,3);
CREATE TABLE store_info (
	"key" VARCHAR(32) NOT NULL, 
	value VARCHAR NOT NULL, 
	PRIMARY KEY ("key")
);
INSERT INTO "store_info" VALUES('identity','315ca8bcbd6646a98896248030d20299');
CREATE INDEX ix_incident_status_aware ON incident (status, aware_at);
CREATE INDEX ix_notice_incident_id ON notice (incident_id);
CREATE INDEX ix_event_incident_id ON event (incident_id);
CREATE INDEX ix_assessment_incident_id ON assessment (incident_id);
CREATE INDEX ix_decision_incident_id ON decision (incident_id);
CREATE INDEX ix_delivery_status_next ON delivery (status, next_try_at);
CREATE INDEX ix_ack_incident_id ON ack (incident_id);
COMMIT;
