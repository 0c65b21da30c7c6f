"""Background work on django.tasks. Tasks take ids and call services."""

from django.tasks import task

from takedowns.mail import outbound_message_send


@task()
def send_takedown_message(message_id: int) -> bool:
    """Send one stored takedown mail; a failure leaves it for the timer."""
    return outbound_message_send(message_id=message_id)
