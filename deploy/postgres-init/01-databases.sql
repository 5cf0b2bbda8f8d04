-- One database per service, all owned by the application role the compose file creates.
create database livelihood_project encoding 'UTF8' template template0;
create database livelihood_progress encoding 'UTF8' template template0;
create database livelihood_notification encoding 'UTF8' template template0;
