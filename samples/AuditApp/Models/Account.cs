using System.ComponentModel.DataAnnotations.Schema;

namespace AuditApp.Models;

[Table("user")]
public class Account
{
    public int Id { get; set; }

    public string Email { get; set; } = null!;
}
