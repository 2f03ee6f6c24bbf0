namespace AuditApp.Outbox;

public class OutboxMessage
{
    public long Id { get; set; }

    public string Type { get; set; } = "";

    public string Payload { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    // Added by the migration OutboxAttempts, which the database has not had yet.
    public int Attempts { get; set; }
}
