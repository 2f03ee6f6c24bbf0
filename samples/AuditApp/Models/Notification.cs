namespace AuditApp.Models;

public class Notification
{
    public long Id { get; set; }

    public string UserId { get; set; } = null!;

    public string Message { get; set; } = null!;

    public DateTime? ReadAt { get; set; }

    // One of the audit's VARCHAR user_id columns: the code relates it to User, the database has no FK constraint.
    public User User { get; set; } = null!;
}
