<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="fr">
<context>
    <name></name>
    <message>
        <source>ce champ est obligatoire.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AgreementForm</name>
    <message>
        <source>Entente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type d&apos;entente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Établissement</source>
        <translation type="unfinished">Institution</translation>
    </message>
    <message>
        <source>Griefs réglés</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Objet</source>
        <translation type="unfinished">Subject</translation>
    </message>
    <message>
        <source>Parties</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conseiller</source>
        <translation type="unfinished">Counsellor</translation>
    </message>
    <message>
        <source>Numéro de dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attribué à l&apos;enregistrement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modalités</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date de signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date d&apos;entrée en vigueur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date de fin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Montant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statut</source>
        <translation type="unfinished">Status</translation>
    </message>
    <message>
        <source>Échéance</source>
        <translation type="unfinished">Due date</translation>
    </message>
    <message>
        <source>Réalisé le</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suivi de la mise en œuvre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nouvelle entente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entente {number} — {title}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArbitrationForm</name>
    <message>
        <source>Dossier d&apos;arbitrage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Établissement</source>
        <translation type="unfinished">Institution</translation>
    </message>
    <message>
        <source>Griefs</source>
        <translation type="unfinished">Grievances</translation>
    </message>
    <message>
        <source>Procédure</source>
        <translation type="unfinished">Procedure</translation>
    </message>
    <message>
        <source>Arbitre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conseiller</source>
        <translation type="unfinished">Counsellor</translation>
    </message>
    <message>
        <source>Date de renvoi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Numéro au greffe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Numéro de dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attribué à l&apos;enregistrement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sentence et frais</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date de la sentence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Référence de la sentence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Honoraires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Part du syndicat (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished">Date</translation>
    </message>
    <message>
        <source>Heure</source>
        <translation type="unfinished">Time</translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished">Type</translation>
    </message>
    <message>
        <source>Lieu</source>
        <translation type="unfinished">Place</translation>
    </message>
    <message>
        <source>Audiences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nouvel arbitrage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arbitrage {number}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BargainingUnitForm</name>
    <message>
        <source>Unité d&apos;accréditation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Numéro de section locale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Numéro d&apos;accréditation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>En vigueur du</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>En vigueur jusqu&apos;au</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nouvelle unité d&apos;accréditation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unité — {name}</source>
        <translation type="unfinished"></translation>
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
        <source>Le portefeuille n&apos;a pas pu être lu : {error}</source>
        <translation>The caseload could not be read: {error}</translation>
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
        <source> (confidentiel)</source>
        <translation> (confidential)</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Conflit d&apos;enregistrement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{record}&lt;/b&gt; a été modifié par &lt;b&gt;{user}&lt;/b&gt; le {when}, après l&apos;ouverture de votre fiche. Rien n&apos;a été écrasé. Choisissez, champ par champ, la valeur à garder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Champ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Votre saisie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version de {user}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modifié des deux côtés.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Garder toute ma version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prendre toute l&apos;autre version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fusionner selon mes choix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuler (mes saisies restent à l&apos;écran)</source>
        <translation type="unfinished"></translation>
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
        <translation>&amp;Password</translation>
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
        <source>Échec de la connexion : {error}</source>
        <translation>Connection failed: {error}</translation>
    </message>
</context>
<context>
    <name>DateEdit</name>
    <message>
        <source>AAAA-MM-JJ ou JJ/MM/AAAA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calendrier (Alt+Bas)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeadlineCalculator</name>
    <message>
        <source>Calculer une échéance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Durée libre (N jours, mois…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Règle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Durée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point de départ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date de l&apos;événement (plafond)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calculer (Entrée)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fermer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source : {source}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (non vérifiée)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EmploymentRecordForm</name>
    <message>
        <source>Emploi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Établissement</source>
        <translation type="unfinished">Institution</translation>
    </message>
    <message>
        <source>Unité d&apos;accréditation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Titre d&apos;emploi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statut d&apos;emploi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Début</source>
        <translation type="unfinished">Start</translation>
    </message>
    <message>
        <source>Fin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nouvel emploi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emploi depuis le {date}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportProgress</name>
    <message>
        <source>Exportation de la liste…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation type="unfinished">Cancel</translation>
    </message>
    <message>
        <source>Exporter vers Excel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exportation impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporter « %1 »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excel (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Field</name>
    <message>
        <source>« {value} » : choisissez une valeur dans la liste (Entrée ou Tab).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« {value} » : choisissez dans la liste (Entrée) ou effacez le texte.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ex. 12.03; 5.01</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FieldsDialog</name>
    <message>
        <source>Annuler</source>
        <translation type="unfinished">Cancel</translation>
    </message>
</context>
<context>
    <name>FollowUpForm</name>
    <message>
        <source>Étape de mise en œuvre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Échéance</source>
        <translation type="unfinished">Due date</translation>
    </message>
    <message>
        <source>Réalisé le</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nouvelle étape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Étape de suivi</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GrievanceForm</name>
    <message>
        <source>Employeur et personnes visées</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Établissement</source>
        <translation type="unfinished">Institution</translation>
    </message>
    <message>
        <source>Unité d&apos;accréditation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Membres visés</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entrée ajoute le membre trouvé ; Retour arrière dans la recherche vide retire le dernier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type de grief</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nature</source>
        <translation type="unfinished">Nature</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date de l&apos;événement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date de connaissance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date de dépôt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statut à la création</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Objet du grief</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Articles invoqués</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Objet</source>
        <translation type="unfinished">Subject</translation>
    </message>
    <message>
        <source>Faits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correctif requis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suivi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conseiller</source>
        <translation type="unfinished">Counsellor</translation>
    </message>
    <message>
        <source>Convention collective</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Numéro de l&apos;employeur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Montant réclamé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confidentiel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visible seulement par son conseiller, les coordonnateurs et les administrateurs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Numéro de dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attribué à l&apos;enregistrement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fermeture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Montant obtenu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date de fermeture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Motif de fermeture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chronologie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nouveau grief</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grief {number} — {title}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HearingForm</name>
    <message>
        <source>Audience</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished">Date</translation>
    </message>
    <message>
        <source>Heure</source>
        <translation type="unfinished">Time</translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished">Type</translation>
    </message>
    <message>
        <source>Lieu</source>
        <translation type="unfinished">Place</translation>
    </message>
    <message>
        <source>Représentant syndical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nouvelle audience</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audience du {date}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InstitutionForm</name>
    <message>
        <source>Établissement</source>
        <translation type="unfinished">Institution</translation>
    </message>
    <message>
        <source>Nom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nom court</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished">Type</translation>
    </message>
    <message>
        <source>Région sociosanitaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Historique</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Établissement parent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>En vigueur du</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>En vigueur jusqu&apos;au</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Section locale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accréditation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unités d&apos;accréditation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nouvel établissement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Établissement — {name}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InvoiceLineForm</name>
    <message>
        <source>Ligne de facture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Membre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished">Date</translation>
    </message>
    <message>
        <source>Heures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taux horaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Montant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vide : heures × taux.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Libération</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rapprochement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nouvelle ligne</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LeaveInvoiceForm</name>
    <message>
        <source>Facture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Établissement</source>
        <translation type="unfinished">Institution</translation>
    </message>
    <message>
        <source>Numéro de facture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date de facture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Début de période</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fin de période</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vérification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total (somme des lignes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statut</source>
        <translation type="unfinished">Status</translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished">Date</translation>
    </message>
    <message>
        <source>Membre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taux</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Montant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rapprochement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lignes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nouvelle facture de libérations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Facture {number} — {institution}</source>
        <translation type="unfinished"></translation>
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
        <source>&amp;Actualiser</source>
        <translation>&amp;Refresh</translation>
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
        <source>&amp;Aide</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;Raccourcis clavier</source>
        <translation>&amp;Keyboard shortcuts</translation>
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
        <source>Les fiches ne sont pas encore disponibles dans cette version.</source>
        <translation>Record forms are not available in this version yet.</translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nom de famille</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prénom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Numéro de membre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matricule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Langue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Courriel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Téléphone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adresse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emploi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Établissement</source>
        <translation type="unfinished">Institution</translation>
    </message>
    <message>
        <source>Unité d&apos;accréditation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Titre d&apos;emploi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statut d&apos;emploi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date d&apos;embauche</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date d&apos;ancienneté</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heures d&apos;ancienneté</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date d&apos;adhésion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statut</source>
        <translation type="unfinished">Status</translation>
    </message>
    <message>
        <source>Date de départ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Début</source>
        <translation type="unfinished">Start</translation>
    </message>
    <message>
        <source>Fin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emplois</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nouveau membre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Membre {number} — {last}, {first}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention : {n} membre(s) portent déjà ce nom : {names}. Vérifiez avant de créer un doublon.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Doublon possible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Un membre porte déjà ce nom :
{names}

Créer quand même un nouveau membre ?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Créer quand même</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ne pas créer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MultiPicker</name>
    <message>
        <source>Tapez pour ajouter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suppr retire la ligne choisie.</source>
        <translation type="unfinished"></translation>
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
        <source>Aucun résultat pour « {text} »</source>
        <translation>No results for “{text}”</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <source>Fiche</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fermer (Échap)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrer (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pièces jointes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Historique</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chargement…</source>
        <translation type="unfinished">Loading…</translation>
    </message>
    <message>
        <source>Statut : {status}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lecture seule : votre rôle ne permet pas de modifier cette fiche.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modifications non enregistrées.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nouvelle fiche.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrez d&apos;abord vos modifications.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La base de données n&apos;a pas répondu ({error}). Vos saisies sont conservées : réessayez (Ctrl+S).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corrigez les champs signalés ; rien n&apos;a été enregistré.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucune modification à enregistrer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrement…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistré à {time}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rien n&apos;a été enregistré : corrigez les champs signalés.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version de {user} fusionnée avec la vôtre ; enregistrement…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La version de {user} est conservée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statut : {status}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modifications non enregistrées</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Des modifications ne sont pas enregistrées. Les abandonner ?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Abandonner les modifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continuer la saisie</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecordPicker</name>
    <message>
        <source>Tapez pour chercher…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucun résultat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choisissez une valeur dans la liste (Entrée ou Tab).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecourseForm</name>
    <message>
        <source>Recours</source>
        <translation type="unfinished">Recourses</translation>
    </message>
    <message>
        <source>Instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type de recours</source>
        <translation type="unfinished">Kind of recourse</translation>
    </message>
    <message>
        <source>Membre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Établissement</source>
        <translation type="unfinished">Institution</translation>
    </message>
    <message>
        <source>Grief lié</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Décision contestée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date de la décision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date de notification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Échéance saisie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seulement si aucune règle ne calcule le délai.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date de dépôt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statut à la création</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suivi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Numéro de dossier de l&apos;instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conseiller</source>
        <translation type="unfinished">Counsellor</translation>
    </message>
    <message>
        <source>Confidentiel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date de fermeture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Numéro de dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attribué à l&apos;enregistrement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nouveau recours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recours {number}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportsView</name>
    <message>
        <source>Rapports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Format :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Français</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anglais</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Langue du rapport :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parcourir…</source>
        <translation type="unfinished">Browse…</translation>
    </message>
    <message>
        <source>&amp;Fichier :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Produire le rapport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation type="unfinished">Cancel</translation>
    </message>
    <message>
        <source>PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excel (.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cochez un ou plusieurs conseillers ; aucun : toute l&apos;équipe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Numéro de membre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Numéro de dossier, p. ex. G-2026-00042</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(tous)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excel (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrer le rapport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Production du rapport…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annulation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rapport produit : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rapport annulé : aucun fichier n&apos;a été écrit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le rapport n&apos;a pas pu être produit :</source>
        <translation type="unfinished"></translation>
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
    <name>UnionLeaveForm</name>
    <message>
        <source>Demande de libération</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Membre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Établissement</source>
        <translation type="unfinished">Institution</translation>
    </message>
    <message>
        <source>Type de libération</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Du</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Au</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rémunération</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Motif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approbation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statut</source>
        <translation type="unfinished">Status</translation>
    </message>
    <message>
        <source>Approuvée par</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approuvée le</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nouvelle libération syndicale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Libération — {member}</source>
        <translation type="unfinished"></translation>
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
<context>
    <name>form</name>
    <message>
        <source>Changer le statut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passer « {record} » au statut « {status} » ?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passer à « {status} »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Respectée le</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« {label} » (échéance {due}) a été respectée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Marquer respectée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prolongée au</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date de l&apos;entente écrite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Référence de l&apos;entente écrite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prolonger « {label} » (échéance {due}) par entente écrite.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prolonger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Motif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renoncer à surveiller « {label} » (échéance {due}) ; le motif est conservé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renoncer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Échéance</source>
        <translation type="unfinished">Due date</translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished">Date</translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished">Type</translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note : appel, rencontre, document reçu…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ajouter la note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ouverture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Échéances</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucune échéance : elle est calculée à l&apos;enregistrement, dès que la date qui la déclenche est connue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrez la fiche pour y joindre des documents.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taille</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ajouté le</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empreinte SHA-256</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ajouter des fichiers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ouvrir</source>
        <translation type="unfinished">Open</translation>
    </message>
    <message>
        <source>Retirer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Utilisateur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Détails</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Création</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changement de statut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pièce jointe ajoutée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pièce jointe retirée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suppression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrez d&apos;abord la fiche.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ajouter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ouvrir…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supprimer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>self.form</name>
    <message>
        <source>Aperçu avant enregistrement : </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> le {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>en retard de {n} jours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>aujourd&apos;hui</source>
        <translation type="unfinished">today</translation>
    </message>
    <message>
        <source>dans {n} jours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Respectée…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prolonger…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renoncer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Joindre des fichiers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retirer la pièce jointe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retirer « {name} » du dossier ?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retirer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Garder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statut</source>
        <translation type="unfinished">Status</translation>
    </message>
    <message>
        <source>Supprimer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supprimer la ligne choisie ? L&apos;historique la conserve.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
