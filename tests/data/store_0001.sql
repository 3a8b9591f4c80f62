BEGIN TRANSACTION;
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	PRIMARY KEY (version_num)
);
INSERT INTO "alembic_version" VALUES('0001_incident_log');
CREATE TABLE counter (
	prefix VARCHAR(32) NOT NULL, 
	last INTEGER NOT NULL, 
	PRIMARY KEY (prefix)
);
INSERT INTO "counter" VALUES('DL-2026',3);
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
INSERT INTO "event" VALUES(1,1,'2026-11-23 16:20:02.479917','opened','Laptop met klantgegevens gestolen uit auto','{"aware_at": "2026-10-24T20:15:00+00:00", "role": "controller", "ap_window_hours": 72, "customers_window_hours": 24}');
INSERT INTO "event" VALUES(2,1,'2026-11-23 16:20:03.854360','updated','consequences, cross-border, data, high-risk, measures-planned, measures-taken, persons, persons-group, records, special, type','{"consequences": [null, "Identiteitsfraude en phishing met gegevens van cli\u00ebnten; reputatieschade."], "measures_taken": [null, "Wachtwoorden ingetrokken, laptop op afstand gewist (niet bevestigd)."], "measures_planned": [null, "Volledige schijfversleuteling op alle laptops v\u00f3\u00f3r 1 december."], "breach_types": [[], ["confidentiality"]], "data_categories": [[], ["name", "email", "bsn", "other:IBAN en geboortedatum"]], "special_categories": [[], ["health"]], "person_categories": [[], ["customers", "other:leden van de cli\u00ebntenraad"]], "persons_min": [null, 120], "persons_max": [null, 250], "records": [null, 1400], "cross_border": [null, false], "high_risk": [null, true]}');
INSERT INTO "event" VALUES(3,1,'2026-11-23 16:20:04.892112','note','Aangifte gedaan bij de politie in Zwolle; proces-verbaal 2026-ZW-0412 ontvangen.','{}');
INSERT INTO "event" VALUES(4,1,'2026-11-23 16:20:06.444557','notified','ap (in time), reference M-2026-88213','{"obligation": "ap", "at": "2026-10-26T10:05:00+00:00", "deadline_at": "2026-10-27T20:15:00+00:00", "late": false, "reference": "M-2026-88213", "delay_reason": null}');
INSERT INTO "event" VALUES(5,1,'2026-11-23 16:20:08.940319','notified','customers (in time)','{"obligation": "customers", "at": "2026-10-25T15:30:00+00:00", "deadline_at": "2026-10-25T20:15:00+00:00", "late": false, "reference": null, "delay_reason": null}');
INSERT INTO "event" VALUES(6,2,'2026-11-23 16:20:11.597292','opened','E-mail met salarisstroken naar verkeerde ontvanger','{"aware_at": "2026-11-02T07:45:00+00:00", "role": "processor", "ap_window_hours": 72, "customers_window_hours": 36}');
INSERT INTO "event" VALUES(7,2,'2026-11-23 16:20:13.851905','updated','data, persons, type','{"breach_types": [[], ["confidentiality"]], "data_categories": [[], ["name", "financial"]], "persons_min": [null, 14], "persons_max": [null, 14]}');
INSERT INTO "event" VALUES(8,2,'2026-11-23 16:20:16.016580','note','Ontvanger heeft schriftelijk bevestigd de e-mail te hebben verwijderd — geen verdere verspreiding.','{}');
INSERT INTO "event" VALUES(9,2,'2026-11-23 16:20:17.994304','notified','customers (in time), reference Brief aan opdrachtgever Gemeente Enschede','{"obligation": "customers", "at": "2026-11-03T08:10:00+00:00", "deadline_at": "2026-11-03T19:45:00+00:00", "late": false, "reference": "Brief aan opdrachtgever Gemeente Enschede", "delay_reason": null}');
INSERT INTO "event" VALUES(10,2,'2026-11-23 16:20:20.587061','closed','Ontvanger heeft verwijdering bevestigd; risico laag, geen melding AP nodig.','{"open_obligations": []}');
INSERT INTO "event" VALUES(11,3,'2026-11-23 16:20:23.115870','opened','Ransomware op fileserver van het filiaal Groningen','{"aware_at": "2026-11-21T02:20:00+00:00", "role": "controller", "ap_window_hours": 72, "customers_window_hours": 24}');
INSERT INTO "event" VALUES(12,3,'2026-11-23 16:20:25.561884','updated','data, persons-group, type','{"breach_types": [[], ["availability-temporary", "integrity"]], "data_categories": [[], ["name", "address"]], "person_categories": [[], ["employees", "customers"]]}');
INSERT INTO "event" VALUES(13,3,'2026-11-23 16:20:28.177233','notified','ap (in time)','{"obligation": "ap", "at": "2026-11-23T09:00:00+00:00", "deadline_at": "2026-11-24T02:20:00+00:00", "late": false, "reference": null, "delay_reason": "Omvang pas na forensisch onderzoek bekend; melding in fasen (art. 33 lid 4 AVG)."}');
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
INSERT INTO "incident" VALUES(1,'DL-2026-001','Laptop met klantgegevens gestolen uit auto','open','controller','2026-10-24 20:15:00.000000','2026-10-24 19:40:00.000000','2026-10-24 16:00:00.000000','2026-10-24 19:30:00.000000','Laptop van een medewerker gestolen in Zwolle; schijf niet versleuteld.',NULL,'Anouk de Vries (IT-beheer)',72,24,'["confidentiality"]','["name", "email", "bsn", "other:IBAN en geboortedatum"]','["health"]','["customers", "other:leden van de cli\u00ebntenraad"]',120,250,1400,'Identiteitsfraude en phishing met gegevens van cliënten; reputatieschade.','Wachtwoorden ingetrokken, laptop op afstand gewist (niet bevestigd).','Volledige schijfversleuteling op alle laptops vóór 1 december.',0,1,'2026-11-23 16:20:02.479917',NULL,NULL);
INSERT INTO "incident" VALUES(2,'DL-2026-002','E-mail met salarisstroken naar verkeerde ontvanger','closed','processor','2026-11-02 07:45:00.000000',NULL,NULL,NULL,'Bijlage met 14 salarisstroken per ongeluk naar een externe relatie gemaild.',NULL,NULL,72,36,'["confidentiality"]','["name", "financial"]','[]','[]',14,14,NULL,NULL,NULL,NULL,NULL,NULL,'2026-11-23 16:20:11.597292','2026-11-23 16:20:20.587061','Ontvanger heeft verwijdering bevestigd; risico laag, geen melding AP nodig.');
INSERT INTO "incident" VALUES(3,'DL-2026-003','Ransomware op fileserver van het filiaal Groningen','open','controller','2026-11-21 02:20:00.000000',NULL,'2026-11-20 22:50:00.000000',NULL,NULL,NULL,NULL,72,24,'["availability-temporary", "integrity"]','["name", "address"]','[]','["employees", "customers"]',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'2026-11-23 16:20:23.115870',NULL,NULL);
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
INSERT INTO "notice" VALUES(1,1,'ap','2026-10-26 10:05:00.000000','2026-10-27 20:15:00.000000',0,'M-2026-88213',NULL,'2026-11-23 16:20:06.444557');
INSERT INTO "notice" VALUES(2,1,'customers','2026-10-25 15:30:00.000000','2026-10-25 20:15:00.000000',0,NULL,NULL,'2026-11-23 16:20:08.940319');
INSERT INTO "notice" VALUES(3,2,'customers','2026-11-03 08:10:00.000000','2026-11-03 19:45:00.000000',0,'Brief aan opdrachtgever Gemeente Enschede',NULL,'2026-11-23 16:20:17.994304');
INSERT INTO "notice" VALUES(4,3,'ap','2026-11-23 09:00:00.000000','2026-11-24 02:20:00.000000',0,NULL,'Omvang pas na forensisch onderzoek bekend; melding in fasen (art. 33 lid 4 AVG).','2026-11-23 16:20:28.177233');
CREATE INDEX ix_incident_status_aware ON incident (status, aware_at);
CREATE INDEX ix_notice_incident_id ON notice (incident_id);
CREATE INDEX ix_event_incident_id ON event (incident_id);
COMMIT;
