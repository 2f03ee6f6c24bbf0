using Helpdesk.Data;
using Microsoft.EntityFrameworkCore;

// The helpdesk's migrator: applies pending migrations and exits.
var connectionString = Environment.GetEnvironmentVariable("HELPDESK_DB")
    ?? throw new InvalidOperationException("HELPDESK_DB is not set");
using var db = new HelpdeskDbContext(new DbContextOptionsBuilder<HelpdeskDbContext>().UseNpgsql(connectionString).Options);
db.Database.Migrate();
Console.WriteLine("helpdesk: database is up to date");
