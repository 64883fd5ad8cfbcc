<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="fr">
<context>
    <name>AgreementDaysDialog</name>
    <message>
        <source>Jours d&apos;une convention collective</source>
        <translation>Days of a collective agreement</translation>
    </message>
    <message>
        <source>Convention collective</source>
        <translation>Collective agreement</translation>
    </message>
    <message>
        <source>— Choisissez une convention —</source>
        <translation>— Choose an agreement —</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>L&apos;article de la convention qui définit ces jours (ex. art. 7.01)</source>
        <translation>The article of the agreement that defines these days (e.g. art. 7.01)</translation>
    </message>
    <message>
        <source>&amp;Convention collective</source>
        <translation>&amp;Collective agreement</translation>
    </message>
    <message>
        <source>Un jour « férié non vérifié » ne reporte jamais une échéance : il donne seulement la date « au plus tard ». Les échéances déjà calculées ne sont pas déplacées ; celles que ces jours changeraient vous seront énumérées.</source>
        <translation>An “unverified holiday” never moves a deadline: it only gives the “at the latest” date. Deadlines already computed are not moved; those these days would change will be listed for you.</translation>
    </message>
    <message>
        <source>&amp;Source</source>
        <translation>&amp;Source</translation>
    </message>
    <message>
        <source>Enregistrer</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Aucune convention collective n&apos;est enregistrée.</source>
        <translation>No collective agreement is recorded.</translation>
    </message>
    <message>
        <source>Férié</source>
        <translation>Holiday</translation>
    </message>
    <message>
        <source>Férié non vérifié</source>
        <translation>Unverified holiday</translation>
    </message>
    <message>
        <source>Ouvrable</source>
        <translation>Working day</translation>
    </message>
    <message>
        <source>Jour</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>Source : {source}</source>
        <translation>Source: {source}</translation>
    </message>
    <message>
        <source>Convention collective : choisissez une convention.</source>
        <translation>Collective agreement: choose an agreement.</translation>
    </message>
    <message>
        <source>Jours de la convention « {name} » enregistrés. Aucune échéance ouverte ne change de date.</source>
        <translation>Days of the agreement “{name}” saved. No open deadline changes date.</translation>
    </message>
    <message>
        <source>échéance n° {id}</source>
        <translation>deadline no. {id}</translation>
    </message>
    <message>
        <source>{file} : {stored} (selon ces jours : {new})</source>
        <translation>{file}: {stored} (with these days: {new})</translation>
    </message>
    <message>
        <source>… et {n} autre(s)</source>
        <translation>… and {n} more</translation>
    </message>
    <message>
        <source>Jours de la convention « {name} » enregistrés. {count} échéance(s) ouverte(s) auraient une autre date selon ces jours ; elles n&apos;ont pas été déplacées : vérifiez ces dossiers.</source>
        <translation>Days of the agreement “{name}” saved. {count} open deadline(s) would have another date with these days; they were not moved: check these files.</translation>
    </message>
</context>
<context>
    <name>AgreementForm</name>
    <message>
        <source>Entente</source>
        <translation>Agreement</translation>
    </message>
    <message>
        <source>Type d&apos;entente</source>
        <translation>Agreement type</translation>
    </message>
    <message>
        <source>Établissement</source>
        <translation>Institution</translation>
    </message>
    <message>
        <source>Griefs réglés</source>
        <translation>Grievances settled</translation>
    </message>
    <message>
        <source>Objet</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Parties</source>
        <translation>Parties</translation>
    </message>
    <message>
        <source>Conseiller</source>
        <translation>Counsellor</translation>
    </message>
    <message>
        <source>Numéro de dossier</source>
        <translation>File number</translation>
    </message>
    <message>
        <source>attribué à l&apos;enregistrement</source>
        <translation>assigned when saved</translation>
    </message>
    <message>
        <source>Modalités</source>
        <translation>Terms</translation>
    </message>
    <message>
        <source>Date de signature</source>
        <translation>Signing date</translation>
    </message>
    <message>
        <source>Date d&apos;entrée en vigueur</source>
        <translation>Effective date</translation>
    </message>
    <message>
        <source>Date de fin</source>
        <translation>End date</translation>
    </message>
    <message>
        <source>Montant</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Échéance</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>Réalisé le</source>
        <translation>Done on</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Suivi de la mise en œuvre</source>
        <translation>Implementation follow-up</translation>
    </message>
    <message>
        <source>Nouvelle entente</source>
        <translation>New agreement</translation>
    </message>
    <message>
        <source>Entente {number} — {title}</source>
        <translation>Agreement {number} — {title}</translation>
    </message>
</context>
<context>
    <name>ArbitrationForm</name>
    <message>
        <source>Dossier d&apos;arbitrage</source>
        <translation>Arbitration file</translation>
    </message>
    <message>
        <source>Établissement</source>
        <translation>Institution</translation>
    </message>
    <message>
        <source>Griefs</source>
        <translation>Grievances</translation>
    </message>
    <message>
        <source>Procédure</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Arbitre</source>
        <translation>Arbitrator</translation>
    </message>
    <message>
        <source>Conseiller</source>
        <translation>Counsellor</translation>
    </message>
    <message>
        <source>Date de renvoi</source>
        <translation>Referral date</translation>
    </message>
    <message>
        <source>Numéro au greffe</source>
        <translation>Registry number</translation>
    </message>
    <message>
        <source>Numéro de dossier</source>
        <translation>File number</translation>
    </message>
    <message>
        <source>attribué à l&apos;enregistrement</source>
        <translation>assigned when saved</translation>
    </message>
    <message>
        <source>Sentence et frais</source>
        <translation>Award and costs</translation>
    </message>
    <message>
        <source>Date de la sentence</source>
        <translation>Award date</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Référence de la sentence</source>
        <translation>Award citation</translation>
    </message>
    <message>
        <source>Honoraires</source>
        <translation>Fees</translation>
    </message>
    <message>
        <source>Part du syndicat (%)</source>
        <translation>Union share (%)</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Heure</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Lieu</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Audiences</source>
        <translation>Hearings</translation>
    </message>
    <message>
        <source>Nouvel arbitrage</source>
        <translation>New arbitration</translation>
    </message>
    <message>
        <source>Arbitrage {number}</source>
        <translation>Arbitration {number}</translation>
    </message>
</context>
<context>
    <name>ArbitratorsPanel</name>
    <message>
        <source>Nom</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Courriel</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Téléphone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Actif</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>&amp;Ajouter…</source>
        <translation>&amp;Add…</translation>
    </message>
    <message>
        <source>&amp;Modifier…</source>
        <translation>&amp;Edit…</translation>
    </message>
    <message>
        <source>&amp;Nom</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>&amp;Courriel</source>
        <translation>&amp;Email</translation>
    </message>
    <message>
        <source>&amp;Téléphone</source>
        <translation>&amp;Phone</translation>
    </message>
    <message>
        <source>A&amp;ctif</source>
        <translation>A&amp;ctive</translation>
    </message>
    <message>
        <source>Oui</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Non</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Nouvel arbitre</source>
        <translation>New arbitrator</translation>
    </message>
    <message>
        <source>Modifier l&apos;arbitre</source>
        <translation>Edit arbitrator</translation>
    </message>
</context>
<context>
    <name>AttachmentsPanel</name>
    <message>
        <source>Enregistrez la fiche pour y joindre des documents.</source>
        <translation>Save the record to attach documents to it.</translation>
    </message>
    <message>
        <source>Nom</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Taille</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Ajouté le</source>
        <translation>Added on</translation>
    </message>
    <message>
        <source>Empreinte SHA-256</source>
        <translation>SHA-256 fingerprint</translation>
    </message>
    <message>
        <source>Retrait</source>
        <translation>Withdrawal</translation>
    </message>
    <message>
        <source>Ajouter des fichiers…</source>
        <translation>Add files…</translation>
    </message>
    <message>
        <source>Ouvrir</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Retirer…</source>
        <translation>Withdraw…</translation>
    </message>
    <message>
        <source>Supprimer définitivement…</source>
        <translation>Delete permanently…</translation>
    </message>
    <message>
        <source>Afficher les pièces retirées</source>
        <translation>Show withdrawn attachments</translation>
    </message>
    <message>
        <source>Retiré le {date} par {name} — {reason}</source>
        <translation>Withdrawn on {date} by {name} — {reason}</translation>
    </message>
    <message>
        <source>Retirer « {name} » du dossier ? Le fichier est conservé : « Afficher les pièces retirées » le montre encore, et seul un administrateur peut le supprimer définitivement.</source>
        <translation>Withdraw “{name}” from the file? It is kept: “Show withdrawn attachments” still shows it, and only an administrator can delete it permanently.</translation>
    </message>
    <message>
        <source>Motif</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Retirer</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <source>Supprimer définitivement la pièce jointe</source>
        <translation>Delete attachment permanently</translation>
    </message>
    <message>
        <source>Supprimer définitivement « {name} » ? Son contenu est effacé de la base de données ; l&apos;historique n&apos;en garde que le nom et l&apos;empreinte.</source>
        <translation>Delete “{name}” permanently? Its content is erased from the database; the history keeps only its name and fingerprint.</translation>
    </message>
    <message>
        <source>Supprimer définitivement</source>
        <translation>Delete permanently</translation>
    </message>
    <message>
        <source>Joindre des fichiers</source>
        <translation>Attach files</translation>
    </message>
    <message>
        <source>Retirer la pièce jointe</source>
        <translation>Withdraw attachment</translation>
    </message>
    <message>
        <source>Garder</source>
        <translation>Keep</translation>
    </message>
</context>
<context>
    <name>BackupProgress</name>
    <message>
        <source>Sauvegarde de la base de données…</source>
        <translation>Backing up the database…</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Sauvegarder la base de données</source>
        <translation>Back up the database</translation>
    </message>
    <message>
        <source>Sauvegarde terminée</source>
        <translation>Backup complete</translation>
    </message>
    <message>
        <source>Sauvegarde écrite :
%1

%2 tables, %3 lignes, schéma %4.
Gardez-en une copie hors de ce poste.</source>
        <translation>Backup written:
%1

%2 tables, %3 rows, schema %4.
Keep a copy away from this workstation.</translation>
    </message>
    <message>
        <source>Sauvegarde impossible</source>
        <translation>Backup impossible</translation>
    </message>
    <message>
        <source>Sauvegardes de GEM (*.gembackup)</source>
        <translation>GEM backups (*.gembackup)</translation>
    </message>
</context>
<context>
    <name>BargainingUnitForm</name>
    <message>
        <source>Unité d&apos;accréditation</source>
        <translation>Bargaining unit</translation>
    </message>
    <message>
        <source>Nom</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Numéro de section locale</source>
        <translation>Local number</translation>
    </message>
    <message>
        <source>Numéro d&apos;accréditation</source>
        <translation>Certification number</translation>
    </message>
    <message>
        <source>En vigueur du</source>
        <translation>Effective from</translation>
    </message>
    <message>
        <source>En vigueur jusqu&apos;au</source>
        <translation>Effective until</translation>
    </message>
    <message>
        <source>Nouvelle unité d&apos;accréditation</source>
        <translation>New bargaining unit</translation>
    </message>
    <message>
        <source>Unité — {name}</source>
        <translation>Unit — {name}</translation>
    </message>
</context>
<context>
    <name>BatchTableModel</name>
    <message>
        <source>Lot</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>Importé le</source>
        <translation>Imported on</translation>
    </message>
    <message>
        <source>Par</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Annulé le</source>
        <translation>Undone on</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Fichier</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Établissement</source>
        <translation>Institution</translation>
    </message>
    <message>
        <source>Créés</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Mis à jour</source>
        <translation>Updated</translation>
    </message>
    <message>
        <source>Inchangés</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <source>Refusés</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Absents de la liste</source>
        <translation>Not in the list</translation>
    </message>
    <message>
        <source>{file}
SHA-256 : {sha}</source>
        <translation>{file}
SHA-256: {sha}</translation>
    </message>
    <message>
        <source>{kind} (lignes valides seulement)</source>
        <translation>{kind} (valid rows only)</translation>
    </message>
    <message>
        <source>{when} par {login}</source>
        <translation>{when} by {login}</translation>
    </message>
</context>
<context>
    <name>CalendarsPanel</name>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Jour</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Jours du calendrier</source>
        <translation>Days of the calendar</translation>
    </message>
    <message>
        <source>&amp;Jours d&apos;une convention…</source>
        <translation>Agreement &amp;days…</translation>
    </message>
    <message>
        <source>Règle</source>
        <translation>Rule</translation>
    </message>
    <message>
        <source>Calendrier</source>
        <translation>Calendar</translation>
    </message>
    <message>
        <source>Choix vérifié</source>
        <translation>Choice verified</translation>
    </message>
    <message>
        <source>Calendrier de chaque règle</source>
        <translation>Calendar of each rule</translation>
    </message>
    <message>
        <source>Calendrier de chaque règle de délai</source>
        <translation>Calendar of each deadline rule</translation>
    </message>
    <message>
        <source>&amp;Calendrier :</source>
        <translation>&amp;Calendar:</translation>
    </message>
    <message>
        <source>Surlignés : les jours « férié non vérifié » et les choix de calendrier non vérifiés. Un jour non vérifié ne reporte jamais l&apos;échéance retenue ; il donne la date « au plus tard ».</source>
        <translation>Highlighted: “unverified holiday” days and unverified calendar choices. An unverified day never moves the retained deadline; it gives the “at the latest” date.</translation>
    </message>
    <message>
        <source>Oui</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Non</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Choix de calendrier non vérifié : l&apos;échéance retenue ne compte que les jours fériés certains selon tous les calendriers.</source>
        <translation>Calendar choice unverified: the retained deadline counts only the days that are certain holidays under every calendar.</translation>
    </message>
    <message>
        <source>Jour non vérifié : il ne reporte jamais l&apos;échéance retenue ; il donne la date « au plus tard ».</source>
        <translation>Unverified day: it never moves the retained deadline; it gives the “at the latest” date.</translation>
    </message>
    <message>
        <source>Source : {source}</source>
        <translation>Source: {source}</translation>
    </message>
    <message>
        <source>Source : aucune</source>
        <translation>Source: none</translation>
    </message>
    <message>
        <source>Règles qui comptent sur ce calendrier : {rules}</source>
        <translation>Rules that count on this calendar: {rules}</translation>
    </message>
    <message>
        <source>Aucune règle ne compte sur ce calendrier.</source>
        <translation>No rule counts on this calendar.</translation>
    </message>
    <message>
        <source>chaque semaine</source>
        <translation>every week</translation>
    </message>
    <message>
        <source>à la proclamation</source>
        <translation>when proclaimed</translation>
    </message>
</context>
<context>
    <name>CaseloadView</name>
    <message>
        <source>Mon portefeuille</source>
        <translation>My caseload</translation>
    </message>
    <message>
        <source>Conseiller :</source>
        <translation>Counsellor:</translation>
    </message>
    <message>
        <source>Conseiller</source>
        <translation>Counsellor</translation>
    </message>
    <message>
        <source>Tous les conseillers</source>
        <translation>All counsellors</translation>
    </message>
    <message>
        <source>Actualiser</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Actualiser (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <source>Exporter le &amp;calendrier (.ics)…</source>
        <translation>Export the &amp;calendar (.ics)…</translation>
    </message>
    <message>
        <source>Les échéances et les audiences affichées, dans un fichier à importer dans Outlook ou Google Agenda</source>
        <translation>The deadlines and hearings shown, in a file to import into Outlook or Google Calendar</translation>
    </message>
    <message>
        <source>Échéance</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>Jours</source>
        <translation>Days</translation>
    </message>
    <message>
        <source>Dossier</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Délai</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>Objet</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Échéances dépassées</source>
        <translation>Overdue deadlines</translation>
    </message>
    <message>
        <source>Échéances des {days} prochains jours</source>
        <translation>Deadlines in the next {days} days</translation>
    </message>
    <message>
        <source>Audiences des {days} prochains jours</source>
        <translation>Hearings in the next {days} days</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Heure</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Lieu</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Griefs sans activité depuis {days} jours</source>
        <translation>Grievances idle for {days} days</translation>
    </message>
    <message>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Dernière activité</source>
        <translation>Last activity</translation>
    </message>
    <message>
        <source>Aujourd&apos;hui : {date}</source>
        <translation>Today: {date}</translation>
    </message>
    <message>
        <source>La liste des conseillers n&apos;a pas pu être lue : {error}</source>
        <translation>The list of counsellors could not be read: {error}</translation>
    </message>
    <message>
        <source>Le portefeuille n&apos;a pas pu être lu : {error}</source>
        <translation>The caseload could not be read: {error}</translation>
    </message>
    <message>
        <source>non lu</source>
        <translation>not read</translation>
    </message>
    <message>
        <source>{n} premiers</source>
        <translation>first {n}</translation>
    </message>
    <message>
        <source>en retard de {n} j</source>
        <translation>{n} d late</translation>
    </message>
    <message>
        <source>aujourd&apos;hui</source>
        <translation>today</translation>
    </message>
    <message>
        <source>dans {n} j</source>
        <translation>in {n} d</translation>
    </message>
    <message>
        <source>tous</source>
        <translation>all</translation>
    </message>
    <message>
        <source>Exporter le calendrier</source>
        <translation>Export the calendar</translation>
    </message>
    <message>
        <source>Calendrier iCalendar (*.ics)</source>
        <translation>iCalendar file (*.ics)</translation>
    </message>
    <message>
        <source>Calendrier exporté : {path} (événements : {count})</source>
        <translation>Calendar exported: {path} (events: {count})</translation>
    </message>
    <message>
        <source>Le calendrier n&apos;a pas pu être exporté : {error}</source>
        <translation>The calendar could not be exported: {error}</translation>
    </message>
    <message>
        <source> (confidentiel)</source>
        <translation> (confidential)</translation>
    </message>
</context>
<context>
    <name>ChangedBanner</name>
    <message>
        <source>Recharger</source>
        <translation>Reload</translation>
    </message>
    <message>
        <source>Lire la fiche telle qu&apos;elle est enregistrée</source>
        <translation>Read the record as it is saved</translation>
    </message>
    <message>
        <source>Comparer</source>
        <translation>Compare</translation>
    </message>
    <message>
        <source>Voir leur version à côté de la vôtre</source>
        <translation>See their version beside yours</translation>
    </message>
    <message>
        <source>Modifié par {user} à {time} —</source>
        <translation>Changed by {user} at {time} —</translation>
    </message>
</context>
<context>
    <name>ChildTable</name>
    <message>
        <source>Enregistrez d&apos;abord la fiche.</source>
        <translation>Save the record first.</translation>
    </message>
    <message>
        <source>Ajouter…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <source>Ouvrir…</source>
        <translation>Open…</translation>
    </message>
    <message>
        <source>Supprimer</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Supprimer la ligne choisie ? L&apos;historique la conserve.</source>
        <translation>Delete the selected row? The history keeps it.</translation>
    </message>
    <message>
        <source>Garder</source>
        <translation>Keep</translation>
    </message>
    <message>
        <source>Conflit d&apos;enregistrement</source>
        <translation>Save conflict</translation>
    </message>
    <message>
        <source>Supprimer la ligne quand même ?</source>
        <translation>Delete the line anyway?</translation>
    </message>
    <message>
        <source>Supprimer quand même</source>
        <translation>Delete anyway</translation>
    </message>
    <message>
        <source>Garder la ligne</source>
        <translation>Keep the line</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Conflit d&apos;enregistrement</source>
        <translation>Save conflict</translation>
    </message>
    <message>
        <source>Champ</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Depuis l&apos;ouverture de votre fiche, &lt;b&gt;{user}&lt;/b&gt; a enregistré une autre version de &lt;b&gt;{record}&lt;/b&gt; le {when}. Rien n&apos;a été écrasé. Choisissez, champ par champ, la valeur à garder.</source>
        <translation>Since you opened it, &lt;b&gt;{user}&lt;/b&gt; saved another version of &lt;b&gt;{record}&lt;/b&gt; on {when}. Nothing was overwritten. Choose, field by field, the value to keep.</translation>
    </message>
    <message>
        <source>Votre version</source>
        <translation>Your version</translation>
    </message>
    <message>
        <source>Version de {user}</source>
        <translation>{user}&apos;s version</translation>
    </message>
    <message>
        <source>Modifié des deux côtés.</source>
        <translation>Changed on both sides.</translation>
    </message>
    <message>
        <source>Garder toute ma version</source>
        <translation>Keep all of my version</translation>
    </message>
    <message>
        <source>Prendre toute l&apos;autre version</source>
        <translation>Take all of the other version</translation>
    </message>
    <message>
        <source>Fusionner selon mes choix</source>
        <translation>Merge as I chose</translation>
    </message>
    <message>
        <source>Annuler (mes saisies restent à l&apos;écran)</source>
        <translation>Cancel (my entries stay on screen)</translation>
    </message>
</context>
<context>
    <name>DatabaseDialog</name>
    <message>
        <source>GEM — Base de données</source>
        <translation>GEM — Database</translation>
    </message>
    <message>
        <source>Bienvenue dans GEM. Choisissez où garder les dossiers : sur ce poste (base intégrée, pour un essai ou un seul utilisateur) ou sur le serveur PostgreSQL du bureau (partagé par tous les postes).</source>
        <translation>Welcome to GEM. Choose where the files are kept: on this workstation (embedded database, for a trial or a single user) or on the office PostgreSQL server (shared by every workstation).</translation>
    </message>
    <message>
        <source>Base &amp;intégrée sur ce poste (SQLite)</source>
        <translation>&amp;Embedded database on this workstation (SQLite)</translation>
    </message>
    <message>
        <source>&amp;Serveur PostgreSQL partagé</source>
        <translation>Shared PostgreSQL &amp;server</translation>
    </message>
    <message>
        <source>Fichier de la base</source>
        <translation>Database file</translation>
    </message>
    <message>
        <source>Parcourir…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Fichier :</source>
        <translation>File:</translation>
    </message>
    <message>
        <source>Jamais sur un lecteur réseau : pour partager, utilisez un serveur PostgreSQL.</source>
        <translation>Never on a network drive: to share, use a PostgreSQL server.</translation>
    </message>
    <message>
        <source>Chaque personne avec son propre &amp;compte (recommandé)</source>
        <translation>Each person with their own &amp;account (recommended)</translation>
    </message>
    <message>
        <source>Connexion &amp;chiffrée exigée (TLS, sslmode=require)</source>
        <translation>En&amp;crypted connection required (TLS, sslmode=require)</translation>
    </message>
    <message>
        <source>Refuser toute connexion non chiffrée au serveur : mots de passe et dossiers ne circulent jamais en clair.</source>
        <translation>Refuse any unencrypted connection to the server: passwords and files never travel in clear.</translation>
    </message>
    <message>
        <source>Aucun mot de passe partagé sur ce poste : l&apos;identifiant et le mot de passe de la fenêtre de connexion ouvrent la connexion au serveur, qui les vérifie (gem db setup, puis gem users add).</source>
        <translation>No shared password on this workstation: the login and password typed in the sign-in window open the connection to the server, which checks them (gem db setup, then gem users add).</translation>
    </message>
    <message>
        <source>Mémoriser le mot de passe dans le trousseau du système</source>
        <translation>Remember the password in the system&apos;s keyring</translation>
    </message>
    <message>
        <source>Aucun trousseau n&apos;est disponible sur ce poste : GEM demandera le mot de passe à chaque démarrage.</source>
        <translation>No keyring is available on this workstation: GEM will ask for the password at every start.</translation>
    </message>
    <message>
        <source>&amp;Hôte</source>
        <translation>&amp;Host</translation>
    </message>
    <message>
        <source>&amp;Port</source>
        <translation>&amp;Port</translation>
    </message>
    <message>
        <source>&amp;Base de données</source>
        <translation>&amp;Database</translation>
    </message>
    <message>
        <source>&amp;Utilisateur</source>
        <translation>&amp;User</translation>
    </message>
    <message>
        <source>&amp;Mot de passe</source>
        <translation>Pass&amp;word</translation>
    </message>
    <message>
        <source>&amp;Tester la connexion</source>
        <translation>&amp;Test the connection</translation>
    </message>
    <message>
        <source>Utiliser cette base</source>
        <translation>Use this database</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Fichier de la base GEM</source>
        <translation>GEM database file</translation>
    </message>
    <message>
        <source>Base SQLite (*.sqlite3 *.db);;Tous les fichiers (*)</source>
        <translation>SQLite database (*.sqlite3 *.db);;All files (*)</translation>
    </message>
    <message>
        <source>Connexion en cours…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>Serveur joint : chaque personne s&apos;y connectera avec son propre identifiant et son mot de passe. Le nom de la base (« {database} ») ne peut être vérifié qu&apos;à la première connexion : si tous les mots de passe sont refusés, vérifiez-le.</source>
        <translation>Server reached: each person will connect with their own login and password. The database name (“{database}”) can only be checked at the first sign-in: if every password is refused, check it.</translation>
    </message>
    <message>
        <source>Connexion réussie, mais cette base a été mise à niveau par une version plus récente de GEM.</source>
        <translation>Connected, but this database was upgraded by a newer version of GEM.</translation>
    </message>
    <message>
        <source>Connexion réussie : la base est vide; GEM pourra la créer.</source>
        <translation>Connected: the database is empty; GEM can create it.</translation>
    </message>
    <message>
        <source>Connexion réussie : le schéma est ancien; un administrateur pourra le mettre à niveau.</source>
        <translation>Connected: the schema is older; an administrator can upgrade it.</translation>
    </message>
    <message>
        <source>Connexion réussie : la base est prête.</source>
        <translation>Connected: the database is ready.</translation>
    </message>
    <message>
        <source>Échec de la connexion : le serveur ne répond pas, refuse la connexion ou l&apos;adresse est inexacte. Détail : {error}</source>
        <translation>Connection failed: the server does not answer, refuses the connection or the address is wrong. Detail: {error}</translation>
    </message>
</context>
<context>
    <name>DateEdit</name>
    <message>
        <source>AAAA-MM-JJ ou JJ/MM/AAAA</source>
        <translation>YYYY-MM-DD or DD/MM/YYYY</translation>
    </message>
    <message>
        <source>Calendrier (Alt+Bas)</source>
        <translation>Calendar (Alt+Down)</translation>
    </message>
</context>
<context>
    <name>DeadlineCalculator</name>
    <message>
        <source>Calculer une échéance</source>
        <translation>Calculate a deadline</translation>
    </message>
    <message>
        <source>Durée libre (N jours, mois…)</source>
        <translation>Custom length (N days, months…)</translation>
    </message>
    <message>
        <source>Règle</source>
        <translation>Rule</translation>
    </message>
    <message>
        <source>Durée</source>
        <translation>Length</translation>
    </message>
    <message>
        <source>Habituel (tous les jours du C.p.c.)</source>
        <translation>Usual (every day of the C.C.P.)</translation>
    </message>
    <message>
        <source>Calendrier</source>
        <translation>Calendar</translation>
    </message>
    <message>
        <source>Point de départ</source>
        <translation>Trigger date</translation>
    </message>
    <message>
        <source>Date de l&apos;événement (plafond)</source>
        <translation>Event date (cap)</translation>
    </message>
    <message>
        <source>Calculer (Entrée)</source>
        <translation>Calculate (Enter)</translation>
    </message>
    <message>
        <source>Fermer</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Au plus tard {latest} si les jours non vérifiés du calendrier sont fériés (date non retenue)</source>
        <translation>At the latest {latest} if the calendar&apos;s unverified days are holidays (date not retained)</translation>
    </message>
    <message>
        <source>Source : {source}</source>
        <translation>Source: {source}</translation>
    </message>
    <message>
        <source> (non vérifiée)</source>
        <translation> (unverified)</translation>
    </message>
</context>
<context>
    <name>DeadlinesPanel</name>
    <message>
        <source>Échéances</source>
        <translation>Deadlines</translation>
    </message>
    <message>
        <source>Aucune échéance : le dossier est fermé.</source>
        <translation>No deadline: the file is closed.</translation>
    </message>
    <message>
        <source>Aucune échéance : elle est calculée à l&apos;enregistrement, dès que la date qui la déclenche est connue.</source>
        <translation>No deadline: it is calculated on saving, as soon as the date that triggers it is known.</translation>
    </message>
    <message>
        <source>Aperçu avant enregistrement : </source>
        <translation>Preview before saving: </translation>
    </message>
    <message>
        <source> le {date}</source>
        <translation> on {date}</translation>
    </message>
    <message>
        <source>en retard de {n} jours</source>
        <translation>{n} days overdue</translation>
    </message>
    <message>
        <source>aujourd&apos;hui</source>
        <translation>today</translation>
    </message>
    <message>
        <source>dans {n} jours</source>
        <translation>in {n} days</translation>
    </message>
    <message>
        <source>Au plus tard {latest}</source>
        <translation>At the latest {latest}</translation>
    </message>
    <message>
        <source>si les jours non vérifiés de son calendrier sont fériés ; l&apos;échéance retenue reste le {due}.</source>
        <translation>if its calendar&apos;s unverified days are holidays; the retained deadline stays {due}.</translation>
    </message>
    <message>
        <source>Date qu&apos;une lecture moins stricte du calendrier donnerait ; GEM ne la retient jamais comme échéance.</source>
        <translation>Date a less strict reading of the calendar would give; GEM never retains it as the deadline.</translation>
    </message>
    <message>
        <source>Respectée…</source>
        <translation>Met…</translation>
    </message>
    <message>
        <source>Prolonger…</source>
        <translation>Extend…</translation>
    </message>
    <message>
        <source>Renoncer…</source>
        <translation>Waive…</translation>
    </message>
    <message>
        <source>Version de {user} fusionnée avec la vôtre ; enregistrement…</source>
        <translation>{user}’s version merged with yours; saving…</translation>
    </message>
    <message>
        <source>La version de {user} est conservée.</source>
        <translation>{user}’s version is kept.</translation>
    </message>
</context>
<context>
    <name>DocumentArea</name>
    <message>
        <source>Modifications non enregistrées</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>« {title} » a des modifications non enregistrées.</source>
        <translation>“{title}” has unsaved changes.</translation>
    </message>
    <message>
        <source>Enregistrer</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Ne pas enregistrer</source>
        <translation>Don&apos;t save</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>EmploymentRecordForm</name>
    <message>
        <source>Emploi</source>
        <translation>Employment</translation>
    </message>
    <message>
        <source>Établissement</source>
        <translation>Institution</translation>
    </message>
    <message>
        <source>Unité d&apos;accréditation</source>
        <translation>Bargaining unit</translation>
    </message>
    <message>
        <source>Titre d&apos;emploi</source>
        <translation>Job title</translation>
    </message>
    <message>
        <source>Statut d&apos;emploi</source>
        <translation>Employment status</translation>
    </message>
    <message>
        <source>Début</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Fin</source>
        <translation>End</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Nouvel emploi</source>
        <translation>New employment</translation>
    </message>
    <message>
        <source>Emploi depuis le {date}</source>
        <translation>Employment since {date}</translation>
    </message>
</context>
<context>
    <name>ErrorNotice</name>
    <message>
        <source>Opération annulée.</source>
        <translation>Operation cancelled.</translation>
    </message>
    <message>
        <source>La base de données est occupée : un autre poste utilise ces données. Rien n&apos;a été enregistré et vos saisies sont conservées : réessayez dans un instant.</source>
        <translation>The database is busy: another workstation is using this data. Nothing was saved and your typing is kept: try again in a moment.</translation>
    </message>
    <message>
        <source>La connexion à la base de données est perdue ou a été refusée ({error}). Vos saisies sont conservées : réessayez dans un instant.</source>
        <translation>The connection to the database was lost or refused ({error}). What you typed is kept: try again in a moment.</translation>
    </message>
    <message>
        <source>Un fichier ou un dossier est inaccessible ({error}). Vos saisies sont conservées.</source>
        <translation>A file or folder cannot be accessed ({error}). What you typed is kept.</translation>
    </message>
    <message>
        <source>Erreur interne ({error}). Vos saisies sont conservées. Le détail est dans le journal : {path}</source>
        <translation>Internal error ({error}). What you typed is kept. The details are in the log: {path}</translation>
    </message>
    <message>
        <source>GEM — Erreur</source>
        <translation>GEM — Error</translation>
    </message>
    <message>
        <source>Ouvrir le dossier du &amp;journal</source>
        <translation>Open the &amp;log folder</translation>
    </message>
    <message>
        <source>Impossible d&apos;ouvrir le dossier du journal. Il se trouve ici : {path}</source>
        <translation>Could not open the log folder. It is here: {path}</translation>
    </message>
</context>
<context>
    <name>ExportProgress</name>
    <message>
        <source>Exportation de la liste…</source>
        <translation>Exporting the list…</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Exporter vers Excel</source>
        <translation>Export to Excel</translation>
    </message>
    <message>
        <source>Exportation impossible</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <source>Exporter « %1 »</source>
        <translation>Export “%1”</translation>
    </message>
    <message>
        <source>Excel (*.xlsx)</source>
        <translation>Excel (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>Field</name>
    <message>
        <source>« {value} » : choisissez une valeur dans la liste (Entrée ou Tab).</source>
        <translation>“{value}”: choose a value from the list (Enter or Tab).</translation>
    </message>
    <message>
        <source>« {value} » : choisissez dans la liste (Entrée) ou effacez le texte.</source>
        <translation>“{value}”: choose from the list (Enter) or clear the text.</translation>
    </message>
    <message>
        <source>ex. 12.03; 5.01</source>
        <translation>e.g. 12.03; 5.01</translation>
    </message>
</context>
<context>
    <name>FieldsDialog</name>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Respectée le</source>
        <translation>Met on</translation>
    </message>
    <message>
        <source>« {label} » (échéance {due}) a été respectée.</source>
        <translation>“{label}” (due {due}) was met.</translation>
    </message>
    <message>
        <source>Marquer respectée</source>
        <translation>Mark as met</translation>
    </message>
    <message>
        <source>Prolongée au</source>
        <translation>Extended to</translation>
    </message>
    <message>
        <source>Date de l&apos;entente écrite</source>
        <translation>Date of the written agreement</translation>
    </message>
    <message>
        <source>Référence de l&apos;entente écrite</source>
        <translation>Reference of the written agreement</translation>
    </message>
    <message>
        <source>Prolonger « {label} » (échéance {due}) par entente écrite.</source>
        <translation>Extend “{label}” (due {due}) by written agreement.</translation>
    </message>
    <message>
        <source>Cette échéance n&apos;existe plus : elle a été recalculée ou supprimée entre-temps.</source>
        <translation>This deadline no longer exists: it was recomputed or deleted in the meantime.</translation>
    </message>
    <message>
        <source>Cette échéance est maintenant « {status} » : il n&apos;y a plus rien à y faire.</source>
        <translation>This deadline is now “{status}”: there is nothing left to do on it.</translation>
    </message>
    <message>
        <source>Prolonger</source>
        <translation>Extend</translation>
    </message>
    <message>
        <source>Motif</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Renoncer à surveiller « {label} » (échéance {due}) ; le motif est conservé.</source>
        <translation>Stop tracking “{label}” (due {due}); the reason is kept.</translation>
    </message>
    <message>
        <source>Renoncer</source>
        <translation>Waive</translation>
    </message>
    <message>
        <source>Échéance</source>
        <translation>Deadline</translation>
    </message>
</context>
<context>
    <name>FollowUpForm</name>
    <message>
        <source>Étape de mise en œuvre</source>
        <translation>Implementation step</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Échéance</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>Réalisé le</source>
        <translation>Done on</translation>
    </message>
    <message>
        <source>Nouvelle étape</source>
        <translation>New step</translation>
    </message>
    <message>
        <source>Étape de suivi</source>
        <translation>Follow-up step</translation>
    </message>
</context>
<context>
    <name>GrievanceForm</name>
    <message>
        <source>Employeur et personnes visées</source>
        <translation>Employer and people concerned</translation>
    </message>
    <message>
        <source>Établissement</source>
        <translation>Institution</translation>
    </message>
    <message>
        <source>Unité d&apos;accréditation</source>
        <translation>Bargaining unit</translation>
    </message>
    <message>
        <source>Membres visés</source>
        <translation>Members concerned</translation>
    </message>
    <message>
        <source>Entrée ajoute le membre trouvé ; Retour arrière dans la recherche vide retire le dernier.</source>
        <translation>Enter adds the member found; Backspace in an empty search removes the last one.</translation>
    </message>
    <message>
        <source>Type de grief</source>
        <translation>Grievance type</translation>
    </message>
    <message>
        <source>Nature</source>
        <translation>Nature</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>Dates</translation>
    </message>
    <message>
        <source>Date de l&apos;événement</source>
        <translation>Event date</translation>
    </message>
    <message>
        <source>Date de connaissance</source>
        <translation>Knowledge date</translation>
    </message>
    <message>
        <source>Date de dépôt</source>
        <translation>Filing date</translation>
    </message>
    <message>
        <source>Statut à la création</source>
        <translation>Initial status</translation>
    </message>
    <message>
        <source>Objet du grief</source>
        <translation>Grievance subject</translation>
    </message>
    <message>
        <source>Articles invoqués</source>
        <translation>Articles invoked</translation>
    </message>
    <message>
        <source>Objet</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Faits</source>
        <translation>Facts</translation>
    </message>
    <message>
        <source>Correctif requis</source>
        <translation>Remedy sought</translation>
    </message>
    <message>
        <source>Suivi</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <source>Conseiller</source>
        <translation>Counsellor</translation>
    </message>
    <message>
        <source>Convention collective</source>
        <translation>Collective agreement</translation>
    </message>
    <message>
        <source>Numéro de l&apos;employeur</source>
        <translation>Employer&apos;s number</translation>
    </message>
    <message>
        <source>Montant réclamé</source>
        <translation>Amount claimed</translation>
    </message>
    <message>
        <source>Confidentiel</source>
        <translation>Confidential</translation>
    </message>
    <message>
        <source>Visible seulement par son conseiller, les coordonnateurs et les administrateurs.</source>
        <translation>Visible only to its counsellor, the coordinators and the administrators.</translation>
    </message>
    <message>
        <source>Numéro de dossier</source>
        <translation>File number</translation>
    </message>
    <message>
        <source>attribué à l&apos;enregistrement</source>
        <translation>assigned when saved</translation>
    </message>
    <message>
        <source>Fermeture</source>
        <translation>Closing</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Montant obtenu</source>
        <translation>Amount obtained</translation>
    </message>
    <message>
        <source>Date de fermeture</source>
        <translation>Closing date</translation>
    </message>
    <message>
        <source>Motif de fermeture</source>
        <translation>Closing reason</translation>
    </message>
    <message>
        <source>Chronologie</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>Nouveau grief</source>
        <translation>New grievance</translation>
    </message>
    <message>
        <source>Grief {number} — {title}</source>
        <translation>Grievance {number} — {title}</translation>
    </message>
</context>
<context>
    <name>HearingForm</name>
    <message>
        <source>Audience</source>
        <translation>Hearing</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Heure</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Lieu</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Représentant syndical</source>
        <translation>Union representative</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Nouvelle audience</source>
        <translation>New hearing</translation>
    </message>
    <message>
        <source>Audience du {date}</source>
        <translation>Hearing of {date}</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Utilisateur</source>
        <translation>User</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Détails</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Création</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Modification</source>
        <translation>Changed</translation>
    </message>
    <message>
        <source>Changement de statut</source>
        <translation>Status change</translation>
    </message>
    <message>
        <source>Pièce jointe ajoutée</source>
        <translation>Attachment added</translation>
    </message>
    <message>
        <source>Pièce jointe retirée</source>
        <translation>Attachment withdrawn</translation>
    </message>
    <message>
        <source>Pièce jointe supprimée définitivement</source>
        <translation>Attachment permanently deleted</translation>
    </message>
    <message>
        <source>Suppression</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>HolidayDialog</name>
    <message>
        <source>Nouveau jour férié proclamé</source>
        <translation>New proclaimed holiday</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Nom</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Décret, Gazette officielle…</source>
        <translation>Order in council, Gazette officielle…</translation>
    </message>
    <message>
        <source>&amp;Date</source>
        <translation>&amp;Date</translation>
    </message>
    <message>
        <source>&amp;Nom</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>&amp;Source</source>
        <translation>&amp;Source</translation>
    </message>
    <message>
        <source>Enregistrer</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Date : {problem}</source>
        <translation>Date: {problem}</translation>
    </message>
    <message>
        <source>{count} échéance(s) ouverte(s) tombent ce jour-là ; leur date n&apos;a pas changé : vérifiez ces dossiers.</source>
        <translation>{count} open deadline(s) fall on that day; their dates have not changed: check these files.</translation>
    </message>
</context>
<context>
    <name>HolidaysPanel</name>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Nom</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Année</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>&amp;Ajouter un jour proclamé…</source>
        <translation>&amp;Add a proclaimed holiday…</translation>
    </message>
    <message>
        <source>Année :</source>
        <translation>Year:</translation>
    </message>
    <message>
        <source>Proclamé</source>
        <translation>Proclaimed</translation>
    </message>
    <message>
        <source>Statutaire</source>
        <translation>Statutory</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Annulation en cours : rien ne sera écrit…</source>
        <translation>Cancelling: nothing will be written…</translation>
    </message>
    <message>
        <source>Importer un fichier</source>
        <translation>Import a file</translation>
    </message>
    <message>
        <source>&lt; &amp;Précédent</source>
        <translation>&lt; &amp;Back</translation>
    </message>
    <message>
        <source>&amp;Suivant &gt;</source>
        <translation>&amp;Next &gt;</translation>
    </message>
    <message>
        <source>&amp;Importer</source>
        <translation>&amp;Import</translation>
    </message>
    <message>
        <source>Fer&amp;mer</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <source>Membres (liste d&apos;employés d&apos;un établissement)</source>
        <translation>Members (an institution&apos;s employee list)</translation>
    </message>
    <message>
        <source>Lignes d&apos;une facture de libérations syndicales</source>
        <translation>Lines of a union-leave invoice</translation>
    </message>
    <message>
        <source>&amp;Type d&apos;import</source>
        <translation>Import &amp;kind</translation>
    </message>
    <message>
        <source>Classeur xlsx, xls ou ods, ou fichier csv</source>
        <translation>An xlsx, xls or ods workbook, or a csv file</translation>
    </message>
    <message>
        <source>Pa&amp;rcourir…</source>
        <translation>B&amp;rowse…</translation>
    </message>
    <message>
        <source>Dossiers de l&apos;ancien système (griefs, arbitrages, ententes, recours)</source>
        <translation>Files from the previous system (grievances, arbitrations, agreements, recourses)</translation>
    </message>
    <message>
        <source>&amp;Fichier</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>Chargement des établissements…</source>
        <translation>Loading the institutions…</translation>
    </message>
    <message>
        <source>Éta&amp;blissement</source>
        <translation>Insti&amp;tution</translation>
    </message>
    <message>
        <source>Fact&amp;ure</source>
        <translation>Inv&amp;oice</translation>
    </message>
    <message>
        <source>Rien n&apos;est écrit avant la dernière étape : GEM propose d&apos;abord les colonnes, puis montre ce que chaque ligne ferait.</source>
        <translation>Nothing is written before the last step: GEM first proposes the columns, then shows what each row would do.</translation>
    </message>
    <message>
        <source>&amp;Colonnes du fichier et champs de GEM (* : obligatoire)</source>
        <translation>The file&apos;s &amp;columns and GEM&apos;s fields (*: required)</translation>
    </message>
    <message>
        <source>&amp;Dossier…</source>
        <translation>Fol&amp;der…</translation>
    </message>
    <message>
        <source>&amp;Afficher</source>
        <translation>&amp;Show</translation>
    </message>
    <message>
        <source>Aperçu des lignes</source>
        <translation>Preview of the rows</translation>
    </message>
    <message>
        <source>&amp;Lignes</source>
        <translation>&amp;Rows</translation>
    </message>
    <message>
        <source>Enregistrer les lignes refusé&amp;es…</source>
        <translation>Sav&amp;e the refused rows…</translation>
    </message>
    <message>
        <source>Importer seulement les lignes &amp;valides</source>
        <translation>Import the &amp;valid rows only</translation>
    </message>
    <message>
        <source>Étape 1 sur 4 : le fichier et l&apos;établissement</source>
        <translation>Step 1 of 4: the file and the institution</translation>
    </message>
    <message>
        <source>Étape 2 sur 4 : les colonnes</source>
        <translation>Step 2 of 4: the columns</translation>
    </message>
    <message>
        <source>Étape 3 sur 4 : l&apos;aperçu (rien n&apos;est encore écrit)</source>
        <translation>Step 3 of 4: the preview (nothing written yet)</translation>
    </message>
    <message>
        <source>Étape 4 sur 4 : l&apos;import est fait</source>
        <translation>Step 4 of 4: the import is done</translation>
    </message>
    <message>
        <source>Tapez une partie du nom, puis choisissez</source>
        <translation>Type part of the name, then choose</translation>
    </message>
    <message>
        <source>Classeur d&apos;une feuille par type de dossier, ou dossier de fichiers CSV</source>
        <translation>Workbook with one sheet per kind of file, or a folder of CSV files</translation>
    </message>
    <message>
        <source>{number} (du {start} au {end})</source>
        <translation>{number} ({start} to {end})</translation>
    </message>
    <message>
        <source>(aucune facture : saisissez-la d&apos;abord)</source>
        <translation>(no invoice: enter it first)</translation>
    </message>
    <message>
        <source>Choisir le dossier des fichiers CSV</source>
        <translation>Choose the folder of CSV files</translation>
    </message>
    <message>
        <source>Choisir le fichier à importer</source>
        <translation>Choose the file to import</translation>
    </message>
    <message>
        <source>Feuilles de calcul ({suffixes});;Tous les fichiers (*)</source>
        <translation>Spreadsheets ({suffixes});;All files (*)</translation>
    </message>
    <message>
        <source>Choisissez le fichier à importer.</source>
        <translation>Choose the file to import.</translation>
    </message>
    <message>
        <source>Choisissez dans la liste l&apos;établissement dont vient le fichier.</source>
        <translation>Choose from the list the institution the file comes from.</translation>
    </message>
    <message>
        <source>Choisissez la facture qui reçoit les lignes ; une facture s&apos;inscrit d&apos;abord dans la liste « Factures » (numéro, date, période).</source>
        <translation>Choose the invoice that receives the lines; an invoice is first entered in the “Invoices” list (number, date, period).</translation>
    </message>
    <message>
        <source>Lecture de l&apos;en-tête de « {file} »…</source>
        <translation>Reading the header of “{file}”…</translation>
    </message>
    <message>
        <source>Pour chaque colonne de « {sheet} », choisissez le champ de GEM qu&apos;elle remplit, ou « (ignorer) ». Il faut aussi le numéro de membre ou le matricule.</source>
        <translation>For each column of “{sheet}”, choose the GEM field it fills, or “(ignore)”. The member number or the employee number is also needed.</translation>
    </message>
    <message>
        <source>(colonne {n} sans en-tête)</source>
        <translation>(column {n} without a header)</translation>
    </message>
    <message>
        <source>(ignorer)</source>
        <translation>(ignore)</translation>
    </message>
    <message>
        <source>Champs obligatoires sans colonne : {fields}.</source>
        <translation>Required fields without a column: {fields}.</translation>
    </message>
    <message>
        <source>Choisis pour plus d&apos;une colonne : {fields}.</source>
        <translation>Chosen for more than one column: {fields}.</translation>
    </message>
    <message>
        <source>Chaque champ obligatoire a sa colonne.</source>
        <translation>Every required field has its column.</translation>
    </message>
    <message>
        <source>Lecture et vérification des lignes…</source>
        <translation>Reading and checking the rows…</translation>
    </message>
    <message>
        <source>Lecture et vérification des lignes… {count} lignes lues</source>
        <translation>Reading and checking the rows… {count} rows read</translation>
    </message>
    <message>
        <source>à créer</source>
        <translation>to create</translation>
    </message>
    <message>
        <source>à mettre à jour</source>
        <translation>to update</translation>
    </message>
    <message>
        <source>« {file} » pour la facture {invoice} de {institution} : {rows} lignes lues. Rien n&apos;a encore été écrit.</source>
        <translation>“{file}” for invoice {invoice} of {institution}: {rows} rows read. Nothing has been written yet.</translation>
    </message>
    <message>
        <source>« {file} » pour {institution} : {rows} lignes lues. Rien n&apos;a encore été écrit.</source>
        <translation>“{file}” for {institution}: {rows} rows read. Nothing has been written yet.</translation>
    </message>
    <message>
        <source>Refusées ({count})</source>
        <translation>Refused ({count})</translation>
    </message>
    <message>
        <source>À créer ({count})</source>
        <translation>To create ({count})</translation>
    </message>
    <message>
        <source>À mettre à jour ({count})</source>
        <translation>To update ({count})</translation>
    </message>
    <message>
        <source>Inchangées ({count})</source>
        <translation>Unchanged ({count})</translation>
    </message>
    <message>
        <source>Absents de la liste ({count})</source>
        <translation>Not in the list ({count})</translation>
    </message>
    <message>
        <source>{count} ligne(s) refusée(s) seront laissées de côté, avec les lignes qui en dépendent ; les autres seront importées. Enregistrez-les pour corriger l&apos;export.</source>
        <translation>{count} refused row(s) will be left out, with the rows that depend on them; the others will be imported. Save them to correct the export.</translation>
    </message>
    <message>
        <source>{count} ligne(s) refusée(s) : l&apos;import n&apos;écrira rien tant qu&apos;elles le sont, à moins de cocher « Importer seulement les lignes valides ». Enregistrez-les pour corriger l&apos;export.</source>
        <translation>{count} refused row(s): the import will write nothing while they are, unless “Import the valid rows only” is ticked. Save them to correct the export.</translation>
    </message>
    <message>
        <source>{count} ligne(s) refusée(s) : l&apos;import n&apos;écrira rien tant qu&apos;elles le sont, à moins de cocher « Importer seulement les lignes valides ». Enregistrez-les pour les renvoyer à l&apos;établissement.</source>
        <translation>{count} row(s) refused: the import will write nothing while they are, unless you tick “Import the valid rows only”. Save them to send them back to the institution.</translation>
    </message>
    <message>
        <source>Ligne {row}</source>
        <translation>Row {row}</translation>
    </message>
    <message>
        <source>Étape 1 sur 4 : le classeur ou le dossier</source>
        <translation>Step 1 of 4: the workbook or the folder</translation>
    </message>
    <message>
        <source>Étape 2 sur 4 : les colonnes de chaque feuille</source>
        <translation>Step 2 of 4: each sheet&apos;s columns</translation>
    </message>
    <message>
        <source>Rien n&apos;est écrit avant la dernière étape : GEM propose d&apos;abord les colonnes de chaque feuille (ou de chaque fichier CSV du dossier), puis montre ce que chaque ligne ferait. La disposition des feuilles est décrite dans le README.</source>
        <translation>Nothing is written before the last step: GEM first proposes the columns of each sheet (or of each CSV file in the folder), then shows what each row would do. The sheets&apos; layout is described in the README.</translation>
    </message>
    <message>
        <source>Lecture des en-têtes de « {file} »…</source>
        <translation>Reading the headers of “{file}”…</translation>
    </message>
    <message>
        <source>« {file} » : {count} feuille(s) reconnue(s). Pour chaque colonne de chaque feuille, choisissez le champ de GEM qu&apos;elle remplit, ou « (ignorer) ». Les colonnes sont retenues pour le prochain import.</source>
        <translation>“{file}”: {count} sheet(s) recognised. For each column of each sheet, choose the GEM field it fills, or “(ignore)”. The columns are remembered for the next import.</translation>
    </message>
    <message>
        <source>Feuille « {sheet} »</source>
        <translation>Sheet “{sheet}”</translation>
    </message>
    <message>
        <source>« {sheet} » : </source>
        <translation>“{sheet}”: </translation>
    </message>
    <message>
        <source>inchangé(s)</source>
        <translation>unchanged</translation>
    </message>
    <message>
        <source>refusé(s)</source>
        <translation>refused</translation>
    </message>
    <message>
        <source>absent(s) de la liste</source>
        <translation>absent from the list</translation>
    </message>
    <message>
        <source>Tout ({count})</source>
        <translation>All ({count})</translation>
    </message>
    <message>
        <source>{sheet} : {create} à créer, {refused} refusée(s)</source>
        <translation>{sheet}: {create} to create, {refused} refused</translation>
    </message>
    <message>
        <source>« {file} », dossiers de l&apos;ancien système : {rows} lignes lues. Rien n&apos;a encore été écrit.</source>
        <translation>“{file}”, files from the previous system: {rows} rows read. Nothing has been written yet.</translation>
    </message>
    <message>
        <source>{count} ligne(s) refusée(s) seront laissées de côté ; les autres seront importées. Enregistrez-les pour les renvoyer à l&apos;établissement.</source>
        <translation>{count} refused row(s) will be left out; the others will be imported. Save them to send back to the institution.</translation>
    </message>
    <message>
        <source>Enregistrer les lignes refusées</source>
        <translation>Save the refused rows</translation>
    </message>
    <message>
        <source>Classeurs Excel (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <source>Lignes refusées enregistrées : {path}</source>
        <translation>Refused rows saved: {path}</translation>
    </message>
    <message>
        <source>Importer {create} ligne(s) de « {file} » (dossiers, liens, audiences) avec leurs numéros de dossier d&apos;origine ?</source>
        <translation>Import {create} row(s) from “{file}” (files, links, hearings) with their original file numbers?</translation>
    </message>
    <message>
        <source>Importer {create} ligne(s) sur la facture {invoice} de {institution} ?</source>
        <translation>Import {create} line(s) onto invoice {invoice} of {institution}?</translation>
    </message>
    <message>
        <source>Importer dans {institution} : {create} membre(s) à créer, {update} à mettre à jour ?</source>
        <translation>Import into {institution}: {create} member(s) to create, {update} to update?</translation>
    </message>
    <message>
        <source>{refused} ligne(s) refusée(s) seront laissées de côté.</source>
        <translation>{refused} refused row(s) will be left out.</translation>
    </message>
    <message>
        <source>Un seul lot, tout ou rien ; un administrateur pourra l&apos;annuler tant que personne n&apos;a modifié ces dossiers.</source>
        <translation>One batch, all or nothing; an administrator can undo it as long as nobody has changed these files.</translation>
    </message>
    <message>
        <source>Un seul lot, tout ou rien ; un administrateur pourra l&apos;annuler tant que personne n&apos;a modifié ces lignes.</source>
        <translation>One batch, all or nothing; an administrator can undo it as long as nobody has changed these lines.</translation>
    </message>
    <message>
        <source>Un seul lot, tout ou rien ; un administrateur pourra l&apos;annuler tant que personne n&apos;a modifié ces membres.</source>
        <translation>One batch, all or nothing; an administrator can undo it as long as nobody has changed these members.</translation>
    </message>
    <message>
        <source>&amp;Revenir à l&apos;aperçu</source>
        <translation>&amp;Back to the preview</translation>
    </message>
    <message>
        <source>Enregistrement des dossiers…</source>
        <translation>Saving the files…</translation>
    </message>
    <message>
        <source>Enregistrement des lignes de facture…</source>
        <translation>Saving the invoice lines…</translation>
    </message>
    <message>
        <source>Enregistrement des membres…</source>
        <translation>Saving the members…</translation>
    </message>
    <message>
        <source>{writing} {done} sur {total}</source>
        <translation>{writing} {done} of {total}</translation>
    </message>
    <message>
        <source>Lot n° {batch} : {create} ligne(s) importée(s) : {grievances} grief(s), {arbitrations} arbitrage(s), {agreements} entente(s), {recourses} recours, avec leurs liens, audiences et échéances.</source>
        <translation>Batch no. {batch}: {create} row(s) imported: {grievances} grievance(s), {arbitrations} arbitration(s), {agreements} agreement(s), {recourses} recourse(s), with their links, hearings and deadlines.</translation>
    </message>
    <message>
        <source>Lot n° {batch} : {create} ligne(s) créée(s) sur la facture {invoice}, {unchanged} inchangée(s).</source>
        <translation>Batch no. {batch}: {create} line(s) created on invoice {invoice}, {unchanged} unchanged.</translation>
    </message>
    <message>
        <source>Rapprochement avec les libérations approuvées : {matched} conforme(s), {not_approved} sans libération approuvée, {hours_differ} aux heures différentes, {already_billed} déjà facturée(s) ; {rechecked} autre(s) ligne(s) de la période au résultat changé.</source>
        <translation>Reconciliation with approved leave: {matched} matching, {not_approved} without approved leave, {hours_differ} with different hours, {already_billed} already billed; {rechecked} other line(s) of the period with a changed result.</translation>
    </message>
    <message>
        <source>Lot n° {batch} : {create} membre(s) créé(s), {update} mis à jour, {unchanged} inchangé(s).</source>
        <translation>Batch no. {batch}: {create} member(s) created, {update} updated, {unchanged} unchanged.</translation>
    </message>
    <message>
        <source>{refused} ligne(s) refusée(s) laissée(s) de côté.</source>
        <translation>{refused} refused row(s) left out.</translation>
    </message>
    <message>
        <source>{left} membre(s) actif(s) absent(s) de la liste : signalés, jamais supprimés.</source>
        <translation>{left} active member(s) not in the list: reported, never deleted.</translation>
    </message>
    <message>
        <source>Pour défaire cet import tant que personne n&apos;a modifié ces dossiers : Fichier › Imports précédents…, puis « Annuler ce lot… ».</source>
        <translation>To undo this import while nobody has changed these files: File › Previous imports…, then “Undo this batch…”.</translation>
    </message>
    <message>
        <source>Pour défaire cet import tant que personne n&apos;a modifié ces lignes : Fichier › Imports précédents…, puis « Annuler ce lot… » (administrateurs).</source>
        <translation>To undo this import while nobody has changed these lines: File › Previous imports…, then “Undo this batch…” (administrators).</translation>
    </message>
    <message>
        <source>Pour défaire cet import tant que personne n&apos;a modifié ces membres : Fichier › Imports précédents…, puis « Annuler ce lot… » (administrateurs).</source>
        <translation>To undo this import while nobody has changed these members: File › Previous imports…, then “Undo this batch…” (administrators).</translation>
    </message>
    <message>
        <source>Import annulé : rien n&apos;a été écrit. L&apos;aperçu est toujours là.</source>
        <translation>Import cancelled: nothing was written. The preview is still here.</translation>
    </message>
    <message>
        <source>Fermer sans importer ? L&apos;aperçu sera perdu ; rien n&apos;a été écrit.</source>
        <translation>Close without importing? The preview will be lost; nothing was written.</translation>
    </message>
    <message>
        <source>&amp;Fermer sans importer</source>
        <translation>&amp;Close without importing</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ImportHistoryDialog</name>
    <message>
        <source>Imports précédents</source>
        <translation>Previous imports</translation>
    </message>
    <message>
        <source>Les derniers imports, du plus récent au plus ancien. Un lot peut être annulé tant que personne n&apos;a modifié les membres, les lignes de facture ou les dossiers qu&apos;il a créés ou mis à jour.</source>
        <translation>The latest imports, most recent first. A batch can be undone as long as nobody has changed the members, invoice lines or files it created or updated.</translation>
    </message>
    <message>
        <source>Lots d&apos;import</source>
        <translation>Import batches</translation>
    </message>
    <message>
        <source>&amp;Lots</source>
        <translation>&amp;Batches</translation>
    </message>
    <message>
        <source>&amp;Annuler ce lot…</source>
        <translation>&amp;Undo this batch…</translation>
    </message>
    <message>
        <source>Retire les membres que le lot a créés et remet ceux qu&apos;il a mis à jour comme avant, si personne ne les a modifiés depuis</source>
        <translation>Removes the members the batch created and puts those it updated back as they were, if nobody has changed them since</translation>
    </message>
    <message>
        <source>A&amp;ctualiser</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>Fer&amp;mer</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <source>Annuler le lot n° {batch} (« {file} », importé le {when} par {login}) ?

Les {create} ligne(s) qu&apos;il a importées seront retirées : dossiers, liens, audiences, échéances et lignes de temps. Rien n&apos;est fait si l&apos;un de ces dossiers a été modifié depuis.</source>
        <translation>Undo batch no. {batch} (“{file}”, imported on {when} by {login})?

The {create} row(s) it imported will be removed: files, links, hearings, deadlines and timelines. Nothing is done if one of these files has been changed since.</translation>
    </message>
    <message>
        <source>Annuler le lot n° {batch} (« {file} », {institution}, importé le {when} par {login}) ?

{create} ligne(s) de facture créée(s) par ce lot seront retirées ; le total de la facture et le rapprochement seront refaits. Rien n&apos;est fait si l&apos;une d&apos;elles a été modifiée depuis.</source>
        <translation>Undo batch no. {batch} (“{file}”, {institution}, imported on {when} by {login})?

{create} invoice line(s) created by this batch will be removed; the invoice&apos;s total and the reconciliation will be worked out again. Nothing is done if one of them has been changed since.</translation>
    </message>
    <message>
        <source>Annuler un lot d&apos;import</source>
        <translation>Undo an import batch</translation>
    </message>
    <message>
        <source>Annuler le lot n° {batch} (« {file} », {institution}, importé le {when} par {login}) ?

{create} membre(s) créé(s) par ce lot seront retirés ; {update} membre(s) mis à jour retrouveront leurs valeurs d&apos;avant. Rien n&apos;est fait si l&apos;un d&apos;eux a été modifié depuis.</source>
        <translation>Undo batch no. {batch} (“{file}”, {institution}, imported on {when} by {login})?

{create} member(s) created by this batch will be removed; {update} updated member(s) will get their former values back. Nothing is done if any of them was changed since.</translation>
    </message>
    <message>
        <source>Annulation du lot n° {batch}…</source>
        <translation>Undoing batch no. {batch}…</translation>
    </message>
    <message>
        <source>Lot n° {batch} annulé : {create} ligne(s) retirée(s) (dossiers, liens, audiences, échéances et lignes de temps).</source>
        <translation>Batch no. {batch} undone: {create} row(s) removed (files, links, hearings, deadlines and timelines).</translation>
    </message>
    <message>
        <source>Lot n° {batch} annulé : {create} ligne(s) de facture retirée(s), le total et le rapprochement refaits.</source>
        <translation>Batch no. {batch} undone: {create} invoice line(s) removed, the total and the reconciliation worked out again.</translation>
    </message>
    <message>
        <source>Lot n° {batch} annulé : {create} membre(s) retiré(s), {update} remis comme avant.</source>
        <translation>Batch no. {batch} undone: {create} member(s) removed, {update} put back as they were.</translation>
    </message>
</context>
<context>
    <name>InstitutionForm</name>
    <message>
        <source>Établissement</source>
        <translation>Institution</translation>
    </message>
    <message>
        <source>Nom</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Nom court</source>
        <translation>Short name</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Région sociosanitaire</source>
        <translation>Health region</translation>
    </message>
    <message>
        <source>Historique</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Établissement parent</source>
        <translation>Parent institution</translation>
    </message>
    <message>
        <source>En vigueur du</source>
        <translation>Effective from</translation>
    </message>
    <message>
        <source>En vigueur jusqu&apos;au</source>
        <translation>Effective until</translation>
    </message>
    <message>
        <source>Section locale</source>
        <translation>Local</translation>
    </message>
    <message>
        <source>Accréditation</source>
        <translation>Certification</translation>
    </message>
    <message>
        <source>Unités d&apos;accréditation</source>
        <translation>Bargaining units</translation>
    </message>
    <message>
        <source>Nouvel établissement</source>
        <translation>New institution</translation>
    </message>
    <message>
        <source>Établissement — {name}</source>
        <translation>Institution — {name}</translation>
    </message>
</context>
<context>
    <name>InvoiceLineForm</name>
    <message>
        <source>Ligne de facture</source>
        <translation>Invoice line</translation>
    </message>
    <message>
        <source>Membre</source>
        <translation>Member</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Heures</source>
        <translation>Hours</translation>
    </message>
    <message>
        <source>Taux horaire</source>
        <translation>Hourly rate</translation>
    </message>
    <message>
        <source>Montant</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Vide : heures × taux.</source>
        <translation>Empty: hours × rate.</translation>
    </message>
    <message>
        <source>Libération</source>
        <translation>Union leave</translation>
    </message>
    <message>
        <source>Rapprochement</source>
        <translation>Reconciliation</translation>
    </message>
    <message>
        <source>Nouvelle ligne</source>
        <translation>New line</translation>
    </message>
</context>
<context>
    <name>JobTitlesPanel</name>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Titre d&apos;emploi</source>
        <translation>Job title</translation>
    </message>
    <message>
        <source>Titre anglais</source>
        <translation>English title</translation>
    </message>
    <message>
        <source>Secteur</source>
        <translation>Sector</translation>
    </message>
    <message>
        <source>&amp;Ajouter…</source>
        <translation>&amp;Add…</translation>
    </message>
    <message>
        <source>&amp;Modifier…</source>
        <translation>&amp;Edit…</translation>
    </message>
    <message>
        <source>&amp;Code</source>
        <translation>&amp;Code</translation>
    </message>
    <message>
        <source>&amp;Titre d&apos;emploi</source>
        <translation>&amp;Job title</translation>
    </message>
    <message>
        <source>Titre &amp;anglais</source>
        <translation>&amp;English title</translation>
    </message>
    <message>
        <source>&amp;Secteur</source>
        <translation>&amp;Sector</translation>
    </message>
    <message>
        <source>Nouveau titre d&apos;emploi</source>
        <translation>New job title</translation>
    </message>
    <message>
        <source>Modifier le titre d&apos;emploi</source>
        <translation>Edit job title</translation>
    </message>
</context>
<context>
    <name>LeaveInvoiceForm</name>
    <message>
        <source>Facture</source>
        <translation>Invoice</translation>
    </message>
    <message>
        <source>Établissement</source>
        <translation>Institution</translation>
    </message>
    <message>
        <source>Numéro de facture</source>
        <translation>Invoice number</translation>
    </message>
    <message>
        <source>Date de facture</source>
        <translation>Invoice date</translation>
    </message>
    <message>
        <source>Début de période</source>
        <translation>Period start</translation>
    </message>
    <message>
        <source>Fin de période</source>
        <translation>Period end</translation>
    </message>
    <message>
        <source>Vérification</source>
        <translation>Verification</translation>
    </message>
    <message>
        <source>Total (somme des lignes)</source>
        <translation>Total (sum of the lines)</translation>
    </message>
    <message>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Membre</source>
        <translation>Member</translation>
    </message>
    <message>
        <source>Heures</source>
        <translation>Hours</translation>
    </message>
    <message>
        <source>Taux</source>
        <translation>Rate</translation>
    </message>
    <message>
        <source>Montant</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Rapprochement</source>
        <translation>Reconciliation</translation>
    </message>
    <message>
        <source>Lignes</source>
        <translation>Lines</translation>
    </message>
    <message>
        <source>Nouvelle facture de libérations</source>
        <translation>New union leave invoice</translation>
    </message>
    <message>
        <source>Facture {number} — {institution}</source>
        <translation>Invoice {number} — {institution}</translation>
    </message>
</context>
<context>
    <name>ListView</name>
    <message>
        <source>Chargement…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Rechercher dans la liste…</source>
        <translation>Search the list…</translation>
    </message>
    <message>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Tous les statuts</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Dossiers ouverts</source>
        <translation>Open files</translation>
    </message>
    <message>
        <source>{what} : tous</source>
        <translation>{what}: all</translation>
    </message>
    <message>
        <source>Établissement</source>
        <translation>Institution</translation>
    </message>
    <message>
        <source>Tous les établissements</source>
        <translation>All institutions</translation>
    </message>
    <message>
        <source>Région</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>Toutes les régions</source>
        <translation>All regions</translation>
    </message>
    <message>
        <source>Conseiller</source>
        <translation>Counsellor</translation>
    </message>
    <message>
        <source>Tous les conseillers</source>
        <translation>All counsellors</translation>
    </message>
    <message>
        <source>{what} du</source>
        <translation>{what} from</translation>
    </message>
    <message>
        <source>Depuis le</source>
        <translation>From</translation>
    </message>
    <message>
        <source>au</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Jusqu&apos;au</source>
        <translation>Until</translation>
    </message>
    <message>
        <source>Effacer les filtres</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <source>Nouveau</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Nouvel enregistrement (Ctrl+N)</source>
        <translation>New record (Ctrl+N)</translation>
    </message>
    <message>
        <source>Ouvrir</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Ouvrir la fiche (Entrée)</source>
        <translation>Open the record (Enter)</translation>
    </message>
    <message>
        <source>Exporter…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>Exporter la liste telle que filtrée</source>
        <translation>Export the list as filtered</translation>
    </message>
    <message>
        <source>Nature</source>
        <translation>Nature</translation>
    </message>
    <message>
        <source>Procédure</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Type de recours</source>
        <translation>Kind of recourse</translation>
    </message>
    <message>
        <source>Déposé</source>
        <translation>Filed</translation>
    </message>
    <message>
        <source>Renvoyé</source>
        <translation>Referred</translation>
    </message>
    <message>
        <source>Signée</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>Début</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Facturée</source>
        <translation>Invoiced</translation>
    </message>
    <message>
        <source>Échéance</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>{count} ligne</source>
        <translation>{count} row</translation>
    </message>
    <message>
        <source>{count} lignes</source>
        <translation>{count} rows</translation>
    </message>
    <message>
        <source>La liste n&apos;a pas pu être lue : {error}</source>
        <translation>The list could not be read: {error}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>GEM — Relations du travail</source>
        <translation>GEM — Labour relations</translation>
    </message>
    <message>
        <source>Mon portefeuille</source>
        <translation>My caseload</translation>
    </message>
    <message>
        <source>Membres</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>Établissements</source>
        <translation>Institutions</translation>
    </message>
    <message>
        <source>Griefs</source>
        <translation>Grievances</translation>
    </message>
    <message>
        <source>Arbitrages</source>
        <translation>Arbitrations</translation>
    </message>
    <message>
        <source>Ententes</source>
        <translation>Agreements</translation>
    </message>
    <message>
        <source>Libérations syndicales</source>
        <translation>Union leave</translation>
    </message>
    <message>
        <source>Factures</source>
        <translation>Invoices</translation>
    </message>
    <message>
        <source>Recours</source>
        <translation>Recourses</translation>
    </message>
    <message>
        <source>Utilisateurs</source>
        <translation>Users</translation>
    </message>
    <message>
        <source>Rapports</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>Tables de référence</source>
        <translation>Reference tables</translation>
    </message>
    <message>
        <source>Navigation</source>
        <translation>Navigation</translation>
    </message>
    <message>
        <source>{title} (Ctrl+{n})</source>
        <translation>{title} (Ctrl+{n})</translation>
    </message>
    <message>
        <source>&amp;Fichier</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Nouveau</source>
        <translation>&amp;New</translation>
    </message>
    <message>
        <source>&amp;Recherche rapide…</source>
        <translation>&amp;Quick search…</translation>
    </message>
    <message>
        <source>&amp;Exporter la liste…</source>
        <translation>&amp;Export the list…</translation>
    </message>
    <message>
        <source>&amp;Importer…</source>
        <translation>&amp;Import…</translation>
    </message>
    <message>
        <source>Imports &amp;précédents…</source>
        <translation>&amp;Previous imports…</translation>
    </message>
    <message>
        <source>&amp;Fermer la fiche</source>
        <translation>&amp;Close the record</translation>
    </message>
    <message>
        <source>&amp;Actualiser</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>&amp;Verrouiller</source>
        <translation>&amp;Lock</translation>
    </message>
    <message>
        <source>Se &amp;déconnecter</source>
        <translation>Sign &amp;out</translation>
    </message>
    <message>
        <source>&amp;Quitter</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Affichage</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Langue</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>&amp;Outils</source>
        <translation>&amp;Tools</translation>
    </message>
    <message>
        <source>&amp;Calculatrice de délais…</source>
        <translation>&amp;Deadline calculator…</translation>
    </message>
    <message>
        <source>&amp;Préférences…</source>
        <translation>&amp;Preferences…</translation>
    </message>
    <message>
        <source>Ad&amp;ministration</source>
        <translation>Ad&amp;ministration</translation>
    </message>
    <message>
        <source>&amp;Sauvegarder la base de données…</source>
        <translation>&amp;Back up the database…</translation>
    </message>
    <message>
        <source>Une copie complète et vérifiable de la base, prise pendant que les autres travaillent (comme « gem db backup »)</source>
        <translation>A complete, verifiable copy of the database, taken while others keep working (like “gem db backup”)</translation>
    </message>
    <message>
        <source>&amp;Aide</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;Raccourcis clavier</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <source>&amp;Journal…</source>
        <translation>&amp;Log…</translation>
    </message>
    <message>
        <source>Ouvrir le dossier du journal de GEM (erreurs, détails pour le soutien informatique)</source>
        <translation>Open GEM&apos;s log folder (errors, details for IT support)</translation>
    </message>
    <message>
        <source>À &amp;propos de GEM</source>
        <translation>&amp;About GEM</translation>
    </message>
    <message>
        <source>Connecté : {login} ({role})</source>
        <translation>Signed in: {login} ({role})</translation>
    </message>
    <message>
        <source>Date simulée : {date}</source>
        <translation>Simulated date: {date}</translation>
    </message>
    <message>
        <source>Mises à jour en direct interrompues ; nouvel essai dans {seconds} s</source>
        <translation>Live updates interrupted; trying again in {seconds} s</translation>
    </message>
    <message>
        <source>Les changements faits sur les autres postes n&apos;apparaissent qu&apos;après Actualiser (F5) tant que la connexion n&apos;est pas rétablie.</source>
        <translation>Changes made on other desks only appear after Refresh (F5) until the connection is restored.</translation>
    </message>
    <message>
        <source>Recherche rapide</source>
        <translation>Quick search</translation>
    </message>
    <message>
        <source>Aller à un écran</source>
        <translation>Go to a screen</translation>
    </message>
    <message>
        <source>Nouvel enregistrement dans la liste affichée</source>
        <translation>New record in the list shown</translation>
    </message>
    <message>
        <source>Entrée</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Ouvrir l&apos;enregistrement choisi</source>
        <translation>Open the selected record</translation>
    </message>
    <message>
        <source>Rechercher dans la liste</source>
        <translation>Search the list</translation>
    </message>
    <message>
        <source>Actualiser</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Exporter la liste</source>
        <translation>Export the list</translation>
    </message>
    <message>
        <source>Verrouiller la session</source>
        <translation>Lock the session</translation>
    </message>
    <message>
        <source>Quitter</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Raccourcis clavier</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>À propos de GEM</source>
        <translation>About GEM</translation>
    </message>
    <message>
        <source>GEM {version}
Dossiers de relations du travail.</source>
        <translation>GEM {version}
Labour relations case desk.</translation>
    </message>
</context>
<context>
    <name>MemberForm</name>
    <message>
        <source>Identité</source>
        <translation>Identity</translation>
    </message>
    <message>
        <source>Nom de famille</source>
        <translation>Last name</translation>
    </message>
    <message>
        <source>Prénom</source>
        <translation>First name</translation>
    </message>
    <message>
        <source>Numéro de membre</source>
        <translation>Member number</translation>
    </message>
    <message>
        <source>Matricule</source>
        <translation>Employee number</translation>
    </message>
    <message>
        <source>Langue</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Courriel</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Téléphone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Adresse</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Emploi</source>
        <translation>Employment</translation>
    </message>
    <message>
        <source>Établissement</source>
        <translation>Institution</translation>
    </message>
    <message>
        <source>Unité d&apos;accréditation</source>
        <translation>Bargaining unit</translation>
    </message>
    <message>
        <source>Titre d&apos;emploi</source>
        <translation>Job title</translation>
    </message>
    <message>
        <source>Statut d&apos;emploi</source>
        <translation>Employment status</translation>
    </message>
    <message>
        <source>Date d&apos;embauche</source>
        <translation>Hire date</translation>
    </message>
    <message>
        <source>Date d&apos;ancienneté</source>
        <translation>Seniority date</translation>
    </message>
    <message>
        <source>Heures d&apos;ancienneté</source>
        <translation>Seniority hours</translation>
    </message>
    <message>
        <source>Date d&apos;adhésion</source>
        <translation>Membership date</translation>
    </message>
    <message>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Date de départ</source>
        <translation>Departure date</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Début</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Fin</source>
        <translation>End</translation>
    </message>
    <message>
        <source>Emplois</source>
        <translation>Jobs</translation>
    </message>
    <message>
        <source>Nouveau membre</source>
        <translation>New member</translation>
    </message>
    <message>
        <source>Membre {number} — {last}, {first}</source>
        <translation>Member {number} — {last}, {first}</translation>
    </message>
    <message>
        <source>Attention : {n} membre(s) portent déjà ce nom : {names}. Vérifiez avant de créer un doublon.</source>
        <translation>Warning: {n} member(s) already have this name: {names}. Check before creating a duplicate.</translation>
    </message>
    <message>
        <source>Doublon possible</source>
        <translation>Possible duplicate</translation>
    </message>
    <message>
        <source>Un membre porte déjà ce nom :
{names}

Créer quand même un nouveau membre ?</source>
        <translation>A member already has this name:
{names}

Create a new member anyway?</translation>
    </message>
    <message>
        <source>Créer quand même</source>
        <translation>Create anyway</translation>
    </message>
    <message>
        <source>Ne pas créer</source>
        <translation>Don&apos;t create</translation>
    </message>
</context>
<context>
    <name>MoveDialog</name>
    <message>
        <source>Changer le statut</source>
        <translation>Change status</translation>
    </message>
    <message>
        <source>Passer « {record} » au statut « {status} » ?</source>
        <translation>Move “{record}” to status “{status}”?</translation>
    </message>
    <message>
        <source>Passer à « {status} »</source>
        <translation>Move to “{status}”</translation>
    </message>
</context>
<context>
    <name>MultiPicker</name>
    <message>
        <source>Tapez pour ajouter…</source>
        <translation>Type to add…</translation>
    </message>
    <message>
        <source>Suppr retire la ligne choisie.</source>
        <translation>Delete removes the selected line.</translation>
    </message>
    <message>
        <source>Ouvrir</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Ouvrir la fiche choisie (Ctrl+O)</source>
        <translation>Open the chosen record (Ctrl+O)</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>GEM — Préférences</source>
        <translation>GEM — Preferences</translation>
    </message>
    <message>
        <source> minutes d&apos;inactivité</source>
        <translation> minutes of inactivity</translation>
    </message>
    <message>
        <source>Jamais</source>
        <translation>Never</translation>
    </message>
    <message>
        <source>&amp;Verrouiller après</source>
        <translation>&amp;Lock after</translation>
    </message>
    <message>
        <source>Après ce délai sans clavier ni souris, GEM masque ses fenêtres et redemande votre mot de passe; les fiches ouvertes restent telles quelles. 0 = jamais.</source>
        <translation>After this time without keyboard or mouse, GEM hides its windows and asks for your password again; open records stay as they are. 0 = never.</translation>
    </message>
</context>
<context>
    <name>PreviewTableModel</name>
    <message>
        <source>Ligne</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>Résultat</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Nom</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Détail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>Refusée</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>À créer</source>
        <translation>To create</translation>
    </message>
    <message>
        <source>À mettre à jour</source>
        <translation>To update</translation>
    </message>
    <message>
        <source>Inchangée</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <source>Absent de la liste</source>
        <translation>Not in the list</translation>
    </message>
    <message>
        <source>Actif dans GEM, absent du fichier : signalé, jamais supprimé</source>
        <translation>Active in GEM, not in the file: reported, never deleted</translation>
    </message>
    <message>
        <source>(vide)</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>{day} : {hours} h × {rate} = {amount}</source>
        <translation>{day}: {hours} h × {rate} = {amount}</translation>
    </message>
    <message>
        <source> — hors de la période de la facture</source>
        <translation> — outside the invoice period</translation>
    </message>
    <message>
        <source>oui</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>non</source>
        <translation>no</translation>
    </message>
</context>
<context>
    <name>QuickSearch</name>
    <message>
        <source>Nom, numéro de membre, numéro de dossier ou établissement…</source>
        <translation>Name, member number, file number or institution…</translation>
    </message>
    <message>
        <source>Recherche rapide</source>
        <translation>Quick search</translation>
    </message>
    <message>
        <source>↑ ↓ pour choisir · Entrée pour ouvrir · Échap pour fermer</source>
        <translation>↑ ↓ to choose · Enter to open · Esc to close</translation>
    </message>
    <message>
        <source>Membres</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>Établissements</source>
        <translation>Institutions</translation>
    </message>
    <message>
        <source>Griefs</source>
        <translation>Grievances</translation>
    </message>
    <message>
        <source>Arbitrages</source>
        <translation>Arbitrations</translation>
    </message>
    <message>
        <source>Recours</source>
        <translation>Recourses</translation>
    </message>
    <message>
        <source>La recherche a échoué : {error}</source>
        <translation>The search failed: {error}</translation>
    </message>
    <message>
        <source>Aucun résultat pour « {text} »</source>
        <translation>No results for “{text}”</translation>
    </message>
</context>
<context>
    <name>RecordDialog</name>
    <message>
        <source>Enregistrer</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <source>Fiche</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Relire la fiche</source>
        <translation>Read the record again</translation>
    </message>
    <message>
        <source>Fermer (Échap)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>Enregistrer (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <source>Pièces jointes</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <source>Historique</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Chargement…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Cette fiche n&apos;a pas pu être ouverte. {reason}</source>
        <translation>This record could not be opened. {reason}</translation>
    </message>
    <message>
        <source>{kind} {ident} : ouverture impossible</source>
        <translation>{kind} {ident}: cannot be opened</translation>
    </message>
    <message>
        <source>{kind} {ident}</source>
        <translation>{kind} {ident}</translation>
    </message>
    <message>
        <source>Statut : {status}</source>
        <translation>Status: {status}</translation>
    </message>
    <message>
        <source>Fiche non chargée : rien n&apos;y est modifiable.</source>
        <translation>Record not loaded: nothing in it can be changed.</translation>
    </message>
    <message>
        <source>Lecture seule : votre rôle ne permet pas de modifier cette fiche.</source>
        <translation>Read only: your role does not allow changes to this record.</translation>
    </message>
    <message>
        <source>Modifications non enregistrées.</source>
        <translation>Unsaved changes.</translation>
    </message>
    <message>
        <source>Nouvelle fiche.</source>
        <translation>New record.</translation>
    </message>
    <message>
        <source>Enregistrez d&apos;abord vos modifications.</source>
        <translation>Save your changes first.</translation>
    </message>
    <message>
        <source>Corrigez les champs signalés ; rien n&apos;a été enregistré.</source>
        <translation>Correct the flagged fields; nothing was saved.</translation>
    </message>
    <message>
        <source>Aucune modification à enregistrer.</source>
        <translation>No changes to save.</translation>
    </message>
    <message>
        <source>Enregistrement…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Enregistré : votre essai précédent avait abouti, seule sa réponse s&apos;était perdue ; la fiche n&apos;a pas été créée une seconde fois.</source>
        <translation>Saved: your previous attempt had succeeded, only its answer was lost; the record was not created a second time.</translation>
    </message>
    <message>
        <source>Ce que vous avez modifié depuis reste à enregistrer.</source>
        <translation>What you changed since is still to be saved.</translation>
    </message>
    <message>
        <source>Enregistré à {time}.</source>
        <translation>Saved at {time}.</translation>
    </message>
    <message>
        <source>Rien n&apos;a été enregistré : corrigez les champs signalés.</source>
        <translation>Nothing was saved: correct the flagged fields.</translation>
    </message>
    <message>
        <source>Version de {user} fusionnée avec la vôtre ; enregistrement…</source>
        <translation>{user}&apos;s version merged with yours; saving…</translation>
    </message>
    <message>
        <source>La version de {user} est conservée.</source>
        <translation>{user}&apos;s version is kept.</translation>
    </message>
    <message>
        <source>Statut : {status}.</source>
        <translation>Status: {status}.</translation>
    </message>
    <message>
        <source>Modifications non enregistrées</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>Des modifications ne sont pas enregistrées. Les abandonner ?</source>
        <translation>Some changes are not saved. Discard them?</translation>
    </message>
    <message>
        <source>Abandonner les modifications</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <source>Continuer la saisie</source>
        <translation>Keep editing</translation>
    </message>
</context>
<context>
    <name>RecordPicker</name>
    <message>
        <source>Tapez pour chercher…</source>
        <translation>Type to search…</translation>
    </message>
    <message>
        <source>Ouvrir la fiche (Ctrl+O)</source>
        <translation>Open the record (Ctrl+O)</translation>
    </message>
    <message>
        <source>Recherche impossible : {reason}</source>
        <translation>Search failed: {reason}</translation>
    </message>
    <message>
        <source>Aucun résultat</source>
        <translation>No results</translation>
    </message>
    <message>
        <source>Choisissez une valeur dans la liste (Entrée ou Tab).</source>
        <translation>Choose a value from the list (Enter or Tab).</translation>
    </message>
</context>
<context>
    <name>RecourseForm</name>
    <message>
        <source>Recours</source>
        <translation>Recourse</translation>
    </message>
    <message>
        <source>Instance</source>
        <translation>Forum</translation>
    </message>
    <message>
        <source>Type de recours</source>
        <translation>Recourse type</translation>
    </message>
    <message>
        <source>Membre</source>
        <translation>Member</translation>
    </message>
    <message>
        <source>Établissement</source>
        <translation>Institution</translation>
    </message>
    <message>
        <source>Grief lié</source>
        <translation>Related grievance</translation>
    </message>
    <message>
        <source>Décision contestée</source>
        <translation>Contested decision</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>Dates</translation>
    </message>
    <message>
        <source>Date de la décision</source>
        <translation>Decision date</translation>
    </message>
    <message>
        <source>Date de notification</source>
        <translation>Notification date</translation>
    </message>
    <message>
        <source>Échéance saisie</source>
        <translation>Deadline entered</translation>
    </message>
    <message>
        <source>Seulement si aucune règle ne calcule le délai.</source>
        <translation>Only when no rule calculates the delay.</translation>
    </message>
    <message>
        <source>Date de dépôt</source>
        <translation>Filing date</translation>
    </message>
    <message>
        <source>Statut à la création</source>
        <translation>Initial status</translation>
    </message>
    <message>
        <source>Suivi</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <source>Numéro de dossier de l&apos;instance</source>
        <translation>Forum file number</translation>
    </message>
    <message>
        <source>Conseiller</source>
        <translation>Counsellor</translation>
    </message>
    <message>
        <source>Confidentiel</source>
        <translation>Confidential</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Date de fermeture</source>
        <translation>Closing date</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Numéro de dossier</source>
        <translation>File number</translation>
    </message>
    <message>
        <source>attribué à l&apos;enregistrement</source>
        <translation>assigned when saved</translation>
    </message>
    <message>
        <source>Nouveau recours</source>
        <translation>New recourse</translation>
    </message>
    <message>
        <source>Recours {number}</source>
        <translation>Recourse {number}</translation>
    </message>
</context>
<context>
    <name>ReferenceView</name>
    <message>
        <source>Table</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>Titres d&apos;emploi</source>
        <translation>Job titles</translation>
    </message>
    <message>
        <source>Arbitres</source>
        <translation>Arbitrators</translation>
    </message>
    <message>
        <source>Jours fériés proclamés</source>
        <translation>Proclaimed holidays</translation>
    </message>
    <message>
        <source>Règles de délai</source>
        <translation>Deadline rules</translation>
    </message>
    <message>
        <source>Calendriers</source>
        <translation>Calendars</translation>
    </message>
    <message>
        <source>&amp;Table :</source>
        <translation>&amp;Table:</translation>
    </message>
    <message>
        <source>Tables de référence</source>
        <translation>Reference tables</translation>
    </message>
</context>
<context>
    <name>ReportsView</name>
    <message>
        <source>Rapports</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>&amp;Format :</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <source>Français</source>
        <translation>French</translation>
    </message>
    <message>
        <source>Anglais</source>
        <translation>English</translation>
    </message>
    <message>
        <source>&amp;Langue du rapport :</source>
        <translation>Report &amp;language:</translation>
    </message>
    <message>
        <source>Parcourir…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>&amp;Fichier :</source>
        <translation>F&amp;ile:</translation>
    </message>
    <message>
        <source>&amp;Produire le rapport</source>
        <translation>&amp;Generate report</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <source>Excel (.xlsx)</source>
        <translation>Excel (.xlsx)</translation>
    </message>
    <message>
        <source>Cochez un ou plusieurs conseillers ; aucun : toute l&apos;équipe</source>
        <translation>Tick one or more counsellors; none: the whole team</translation>
    </message>
    <message>
        <source>Numéro de membre</source>
        <translation>Member number</translation>
    </message>
    <message>
        <source>Numéro de dossier, p. ex. G-2026-00042</source>
        <translation>File number, e.g. G-2026-00042</translation>
    </message>
    <message>
        <source>(tous)</source>
        <translation>(all)</translation>
    </message>
    <message>
        <source>Les listes de conseillers et d&apos;établissements n&apos;ont pas pu être lues :</source>
        <translation>The lists of counsellors and institutions could not be read:</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Excel (*.xlsx)</source>
        <translation>Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Enregistrer le rapport</source>
        <translation>Save the report</translation>
    </message>
    <message>
        <source>Production du rapport…</source>
        <translation>Generating the report…</translation>
    </message>
    <message>
        <source>Annulation…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>Rapport produit : %1</source>
        <translation>Report generated: %1</translation>
    </message>
    <message>
        <source>Rapport annulé : aucun fichier n&apos;a été écrit.</source>
        <translation>Report cancelled: no file was written.</translation>
    </message>
    <message>
        <source>Le rapport n&apos;a pas pu être produit :</source>
        <translation>The report could not be generated:</translation>
    </message>
</context>
<context>
    <name>RuleChangeDialog</name>
    <message>
        <source>Modifier la durée — {rule}</source>
        <translation>Change the length — {rule}</translation>
    </message>
    <message>
        <source>En vigueur du</source>
        <translation>Effective from</translation>
    </message>
    <message>
        <source>Convention collective</source>
        <translation>Collective agreement</translation>
    </message>
    <message>
        <source>Toutes les conventions</source>
        <translation>All agreements</translation>
    </message>
    <message>
        <source>Durée</source>
        <translation>Length</translation>
    </message>
    <message>
        <source>En &amp;vigueur du</source>
        <translation>Effective &amp;from</translation>
    </message>
    <message>
        <source>&amp;Convention collective</source>
        <translation>&amp;Collective agreement</translation>
    </message>
    <message>
        <source>&amp;Durée</source>
        <translation>&amp;Length</translation>
    </message>
    <message>
        <source>&amp;Aperçu</source>
        <translation>&amp;Preview</translation>
    </message>
    <message>
        <source>Recalculer</source>
        <translation>Recompute</translation>
    </message>
    <message>
        <source>Dossier</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Date actuelle</source>
        <translation>Current date</translation>
    </message>
    <message>
        <source>Nouvelle date</source>
        <translation>New date</translation>
    </message>
    <message>
        <source>Échéances touchées</source>
        <translation>Affected deadlines</translation>
    </message>
    <message>
        <source>Appliquer</source>
        <translation>Apply</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>En vigueur du : {problem}</source>
        <translation>Effective from: {problem}</translation>
    </message>
    <message>
        <source>{count} échéance(s) ouverte(s) changeraient de date. Cochez celles à recalculer ; les autres gardent leur date.</source>
        <translation>{count} open deadline(s) would change date. Tick those to recompute; the others keep their date.</translation>
    </message>
    <message>
        <source>Aucune échéance ouverte ne changerait de date.</source>
        <translation>No open deadline would change date.</translation>
    </message>
</context>
<context>
    <name>RulesPanel</name>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Nom</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Durée</source>
        <translation>Length</translation>
    </message>
    <message>
        <source>Point de départ</source>
        <translation>Starts from</translation>
    </message>
    <message>
        <source>Plafond</source>
        <translation>Cap</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Vérifiée</source>
        <translation>Verified</translation>
    </message>
    <message>
        <source>&amp;Modifier la durée…</source>
        <translation>&amp;Change the length…</translation>
    </message>
    <message>
        <source>Oui</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Non</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Choisissez d&apos;abord une règle.</source>
        <translation>Choose a rule first.</translation>
    </message>
    <message>
        <source>Nouvelle version de la règle {code} enregistrée.</source>
        <translation>New version of rule {code} saved.</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>GEM — Connexion</source>
        <translation>GEM — Sign in</translation>
    </message>
    <message>
        <source>Connectez-vous avec votre compte GEM.</source>
        <translation>Sign in with your GEM account.</translation>
    </message>
    <message>
        <source>&amp;Identifiant</source>
        <translation>&amp;Login</translation>
    </message>
    <message>
        <source>&amp;Nom complet</source>
        <translation>&amp;Full name</translation>
    </message>
    <message>
        <source>&amp;Mot de passe</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>&amp;Confirmer</source>
        <translation>&amp;Confirm</translation>
    </message>
    <message>
        <source>Base de démonstration — comptes :</source>
        <translation>Demo database — accounts:</translation>
    </message>
    <message>
        <source>Se connecter</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Quitter</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Base de données…</source>
        <translation>Database…</translation>
    </message>
    <message>
        <source>Connectez-vous avec votre identifiant et votre mot de passe : le serveur de la base de données les vérifie lui-même.</source>
        <translation>Sign in with your login and password: the database server checks them itself.</translation>
    </message>
    <message>
        <source>Mot de passe commun : {password}</source>
        <translation>Shared password: {password}</translation>
    </message>
    <message>
        <source>GEM — Premier administrateur</source>
        <translation>GEM — First administrator</translation>
    </message>
    <message>
        <source>Cette base de données n&apos;a encore aucun compte. Créez le compte de l&apos;administrateur, qui pourra ensuite ajouter les autres utilisateurs.</source>
        <translation>This database has no account yet. Create the administrator&apos;s account; the administrator can then add the other users.</translation>
    </message>
    <message>
        <source>{n} caractères au moins</source>
        <translation>at least {n} characters</translation>
    </message>
    <message>
        <source>Créer et se connecter</source>
        <translation>Create and sign in</translation>
    </message>
    <message>
        <source>Entrez votre identifiant et votre mot de passe.</source>
        <translation>Enter your login and password.</translation>
    </message>
    <message>
        <source>Les deux mots de passe ne sont pas identiques.</source>
        <translation>The two passwords differ.</translation>
    </message>
    <message>
        <source>Identifiant ou mot de passe incorrect.</source>
        <translation>Wrong login or password.</translation>
    </message>
    <message>
        <source>Un compte existe déjà sur cette base : connectez-vous.</source>
        <translation>An account already exists on this database: sign in.</translation>
    </message>
    <message>
        <source>Trop d&apos;essais : réessayez après {time}.</source>
        <translation>Too many attempts: try again after {time}.</translation>
    </message>
    <message>
        <source>La connexion à la base de données a échoué : {error}</source>
        <translation>The connection to the database failed: {error}</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>GEM — Mot de passe</source>
        <translation>GEM — Password</translation>
    </message>
    <message>
        <source>Mot de passe de la base de données
{where}</source>
        <translation>Database password
{where}</translation>
    </message>
    <message>
        <source>GEM</source>
        <translation>GEM</translation>
    </message>
    <message>
        <source>GEM n&apos;a pas pu joindre la base de données.

{where}

{error}</source>
        <translation>GEM could not reach the database.

{where}

{error}</translation>
    </message>
    <message>
        <source>Réessayer</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>Changer de base…</source>
        <translation>Change database…</translation>
    </message>
    <message>
        <source>Quitter</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Cette base de données est vide.

{where}

Créer les tables de GEM maintenant?</source>
        <translation>This database is empty.

{where}

Create GEM&apos;s tables now?</translation>
    </message>
    <message>
        <source>La base de données est vide.</source>
        <translation>The database is empty.</translation>
    </message>
    <message>
        <source>Le schéma de cette base de données ({current}) est plus ancien que celui de GEM ({head}).

Un administrateur peut le mettre à niveau maintenant : connectez-vous avec un compte administrateur. Une copie de sécurité d&apos;une base SQLite est faite d&apos;abord.

Continuer?</source>
        <translation>This database&apos;s schema ({current}) is older than GEM&apos;s ({head}).

An administrator can upgrade it now: sign in with an administrator account. A SQLite database is backed up first.

Continue?</translation>
    </message>
    <message>
        <source>La mise à niveau du schéma a échoué; rien n&apos;a été modifié.

{error}</source>
        <translation>The schema upgrade failed; nothing was changed.

{error}</translation>
    </message>
    <message>
        <source>Schéma mis à niveau. Copie de sécurité de l&apos;ancienne base :
{path}</source>
        <translation>Schema upgraded. Backup of the old database:
{path}</translation>
    </message>
    <message>
        <source>Seul un administrateur peut mettre le schéma à niveau.</source>
        <translation>Only an administrator can upgrade the schema.</translation>
    </message>
</context>
<context>
    <name>TimelinePanel</name>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Note : appel, rencontre, document reçu…</source>
        <translation>Note: call, meeting, document received…</translation>
    </message>
    <message>
        <source>Ajouter la note</source>
        <translation>Add note</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Ouverture</source>
        <translation>Opened</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Import</translation>
    </message>
</context>
<context>
    <name>UnionLeaveForm</name>
    <message>
        <source>Demande de libération</source>
        <translation>Union leave request</translation>
    </message>
    <message>
        <source>Membre</source>
        <translation>Member</translation>
    </message>
    <message>
        <source>Établissement</source>
        <translation>Institution</translation>
    </message>
    <message>
        <source>Type de libération</source>
        <translation>Leave type</translation>
    </message>
    <message>
        <source>Du</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Au</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Heures</source>
        <translation>Hours</translation>
    </message>
    <message>
        <source>Rémunération</source>
        <translation>Pay</translation>
    </message>
    <message>
        <source>Motif</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <source>Approbation</source>
        <translation>Approval</translation>
    </message>
    <message>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Approuvée par</source>
        <translation>Approved by</translation>
    </message>
    <message>
        <source>Approuvée le</source>
        <translation>Approved on</translation>
    </message>
    <message>
        <source>Nouvelle libération syndicale</source>
        <translation>New union leave</translation>
    </message>
    <message>
        <source>Libération — {member}</source>
        <translation>Union leave — {member}</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>GEM — Session verrouillée</source>
        <translation>GEM — Session locked</translation>
    </message>
    <message>
        <source>GEM est verrouillé. Entrez le mot de passe de {login} pour reprendre là où vous étiez.</source>
        <translation>GEM is locked. Enter {login}&apos;s password to carry on where you were.</translation>
    </message>
    <message>
        <source>&amp;Mot de passe</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>&amp;Déverrouiller</source>
        <translation>&amp;Unlock</translation>
    </message>
    <message>
        <source>&amp;Changer d&apos;utilisateur</source>
        <translation>&amp;Change user</translation>
    </message>
    <message>
        <source>Entrez votre mot de passe.</source>
        <translation>Enter your password.</translation>
    </message>
    <message>
        <source>Mot de passe incorrect.</source>
        <translation>Wrong password.</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <source>Nouvel utilisateur</source>
        <translation>New user</translation>
    </message>
    <message>
        <source>Nouveau mot de passe pour {login}</source>
        <translation>New password for {login}</translation>
    </message>
    <message>
        <source>&amp;Identifiant</source>
        <translation>&amp;Login</translation>
    </message>
    <message>
        <source>&amp;Nom complet</source>
        <translation>&amp;Full name</translation>
    </message>
    <message>
        <source>&amp;Courriel</source>
        <translation>&amp;Email</translation>
    </message>
    <message>
        <source>&amp;Rôle</source>
        <translation>&amp;Role</translation>
    </message>
    <message>
        <source>&amp;Langue</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>{n} caractères au moins</source>
        <translation>at least {n} characters</translation>
    </message>
    <message>
        <source>&amp;Mot de passe</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>&amp;Confirmer</source>
        <translation>&amp;Confirm</translation>
    </message>
    <message>
        <source>Enregistrer</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Les deux mots de passe ne sont pas identiques.</source>
        <translation>The two passwords differ.</translation>
    </message>
</context>
<context>
    <name>UsersView</name>
    <message>
        <source>Nouveau rôle</source>
        <translation>New role</translation>
    </message>
    <message>
        <source>Changer le rôle</source>
        <translation>Change the role</translation>
    </message>
    <message>
        <source>Réinitialiser le mot de passe…</source>
        <translation>Reset the password…</translation>
    </message>
    <message>
        <source>Désactiver</source>
        <translation>Deactivate</translation>
    </message>
    <message>
        <source>Compte choisi :</source>
        <translation>Selected account:</translation>
    </message>
    <message>
        <source>aucun (choisissez une ligne)</source>
        <translation>none (choose a row)</translation>
    </message>
    <message>
        <source>Réactiver</source>
        <translation>Reactivate</translation>
    </message>
    <message>
        <source>Utilisateurs</source>
        <translation>Users</translation>
    </message>
    <message>
        <source>Vous ne pouvez pas désactiver votre propre compte.</source>
        <translation>You cannot deactivate your own account.</translation>
    </message>
    <message>
        <source>Désactiver le compte {login}? Il ne pourra plus se connecter.</source>
        <translation>Deactivate the account {login}? It will no longer be able to sign in.</translation>
    </message>
</context>
</TS>
