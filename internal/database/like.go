package database

import "strings"

// LikeEscape is the ESCAPE clause that goes after every LIKE whose pattern
// comes from Contains: a backslash escapes the next character, on SQLite and
// on PostgreSQL alike.
const LikeEscape = `ESCAPE '\'`

// likeEscaper quotes LIKE's wildcards and its escape character.
var likeEscaper = strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`)

// Contains is the LIKE pattern matching text anywhere, its "%", "_" and "\"
// taken literally. Every search by typed text uses it, with LikeEscape:
//
//	q.Where("LOWER(u.name) LIKE ? "+database.LikeEscape, database.Contains(q))
func Contains(text string) string { return "%" + likeEscaper.Replace(text) + "%" }
