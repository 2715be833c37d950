"""The rules, pure and without a database: periods, units and their bounds, validation of a figure, the status of
an indicator or commitment, disclosure control and its audit, the uncertainty of a survey share."""
