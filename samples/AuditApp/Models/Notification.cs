namespace AuditApp.Models;

public class Notification
{
    public long Id { get; set; }

    public string UserId { get; set; } = null!;

    public string Message { get; set; } = null!;

    public DateTime? ReadAt { get; set; }
}
