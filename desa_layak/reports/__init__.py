"""Printed reports (reportlab) and spreadsheets (openpyxl), built in the Qt-free core."""
