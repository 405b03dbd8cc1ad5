"""What one command does with the layers: each module composes store, rules, analytics and gitio
for a command group (creating records, editing them, comparing revisions, setting a repository
up, CODEOWNERS, repairs), so that cli/ only parses options and renders."""
